#![no_main]

#[path = "../checks.rs"]
#[allow(dead_code)]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    checks::journal(data);
    // One byte: the journal's name taken by a folder, a device link, a loop.
    if let [kind] = data {
        checks::journal_not_a_file(*kind);
    }
});
