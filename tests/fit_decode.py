"""Decode FIT files with Garmin's own FIT SDK and print what it read as JSON.

Usage: fit_decode.py FILE... -> one JSON document: {"files": [{"path",
"is_fit", "integrity", "errors", "messages"}]}, where "messages" holds the
decoder's lists (file_id_mesgs, workout_mesgs, workout_step_mesgs, ...)
with enums as their profile names and times as ISO 8601 text.
"""

import json
import sys

from garmin_fit_sdk import Decoder, Stream


def decode(path):
    # Each check reads the stream from its start: a decoder apiece.
    is_fit = Decoder(Stream.from_file(path)).is_fit()
    integrity = Decoder(Stream.from_file(path)).check_integrity()
    messages, errors = Decoder(Stream.from_file(path)).read()
    return {
        "path": path,
        "is_fit": is_fit,
        "integrity": integrity,
        "errors": [str(e) for e in errors],
        "messages": messages,
    }


def main(paths):
    doc = {"files": [decode(p) for p in paths]}
    json.dump(doc, sys.stdout, default=str, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1:])
