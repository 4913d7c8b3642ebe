"""Fake `python -m piper.train.export_onnx`: piper1-gpl's arguments; copies FAKE_VOICE as the export."""

import argparse
import json
import os
import shutil
import sys
from pathlib import Path


def main():
    p = argparse.ArgumentParser(allow_abbrev=False)
    p.add_argument("--checkpoint", required=True, help="Path to model checkpoint (.ckpt)")
    p.add_argument("--output-file", required=True, help="Path to output file (.onnx)")
    p.add_argument("--dynamo", required=False, default=True)
    p.add_argument("--debug", action="store_true")
    args = p.parse_args()
    if os.environ.get("FAKE_LOG"):
        with open(os.environ["FAKE_LOG"], "a", encoding="utf-8") as log:
            log.write(json.dumps(["export_onnx"] + sys.argv[1:]) + "\n")
    json.load(open(args.checkpoint, encoding="utf-8"))  # a checkpoint this trainer wrote
    if os.environ.get("FAKE_EXPORT_FAIL"):
        print("RuntimeError: export failed", file=sys.stderr)
        sys.exit(1)
    out = Path(args.output_file)
    out.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(os.environ["FAKE_VOICE"], out)
    print(f"INFO:__main__:Exported model to {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
