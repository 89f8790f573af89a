#![no_main]

#[path = "../checks.rs"]
#[allow(dead_code)]
mod checks;

// The fit seeds steer it; any bytes go through the same reader (`log import`).
libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::recording(data));
