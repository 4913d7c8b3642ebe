"""Fake `python -m piper.train fit`: piper1-gpl's command line, Lightning's files and console output."""

import argparse
import csv
import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path

DIPHTHONGS = {"aɪ": [161], "aʊ": [162], "ɔɪ": [163], "eɪ": [164], "oʊ": [165]}


def parse(argv):
    if not argv or argv[0] != "fit":
        print("usage: __main__.py [options] fit ...", file=sys.stderr)
        sys.exit(2)
    p = argparse.ArgumentParser(prog="__main__.py fit", allow_abbrev=False)
    # Required by piper1-gpl's VitsDataModule.
    p.add_argument("--data.csv_path", dest="csv_path", required=True)
    p.add_argument("--data.cache_dir", dest="cache_dir", required=True)
    p.add_argument("--data.espeak_voice", dest="espeak_voice", required=True)
    p.add_argument("--data.config_path", dest="config_path", required=True)
    p.add_argument("--data.voice_name", dest="voice_name", required=True)
    p.add_argument("--data.audio_dir", dest="audio_dir")
    p.add_argument("--data.batch_size", dest="batch_size", type=int, default=32)
    p.add_argument("--model.sample_rate", dest="sample_rate", type=int, default=22050)
    p.add_argument("--trainer.max_epochs", dest="max_epochs", type=int, default=-1)
    p.add_argument("--trainer.default_root_dir", dest="default_root_dir")
    p.add_argument("--trainer.logger.class_path", dest="logger_class")
    p.add_argument("--trainer.logger.init_args.save_dir", dest="save_dir")
    p.add_argument("--trainer.log_every_n_steps", dest="log_every_n_steps", type=int, default=50)
    p.add_argument("--ckpt_path", dest="ckpt_path")
    return p.parse_args(argv[1:])


def main():
    args = parse(sys.argv[1:])
    if os.environ.get("FAKE_LOG"):
        with open(os.environ["FAKE_LOG"], "a", encoding="utf-8") as log:
            log.write(json.dumps(sys.argv[1:]) + "\n")
    if args.logger_class != "lightning.pytorch.loggers.CSVLogger":
        print("fake trainer: expects the CSVLogger", file=sys.stderr)
        sys.exit(2)
    if args.max_epochs < 1:
        print("fake trainer: expects --trainer.max_epochs", file=sys.stderr)
        sys.exit(2)
    audio_dir = Path(args.audio_dir) if args.audio_dir else Path(args.csv_path).parent
    rows = list(csv.reader(open(args.csv_path, encoding="utf-8"), delimiter="|"))
    for row in rows:
        if len(row) != 2 or not (audio_dir / row[0]).is_file():
            print(f"Missing audio file or bad row: {row}", file=sys.stderr)
            sys.exit(1)
        with open(audio_dir / row[0], "rb") as wav:
            if wav.read(4) != b"RIFF":  # the real trainer reads plain WAV files only
                print(f"Not a WAV file: {row[0]}", file=sys.stderr)
                sys.exit(1)

    config = json.load(open(os.environ["FAKE_CONFIG"], encoding="utf-8"))
    config["phoneme_id_map"].update(DIPHTHONGS)
    config["piper_version"] = "1.3.0"
    for key in ("dataset", "language"):
        config.pop(key, None)  # piper1-gpl does not write these
    config["audio"] = {"sample_rate": args.sample_rate}
    config["espeak"] = {"voice": args.espeak_voice}
    Path(args.config_path).parent.mkdir(parents=True, exist_ok=True)
    json.dump(config, open(args.config_path, "w", encoding="utf-8"), ensure_ascii=False, indent=2)
    Path(args.cache_dir).mkdir(parents=True, exist_ok=True)

    logs = Path(args.save_dir) / "lightning_logs"
    logs.mkdir(parents=True, exist_ok=True)
    version = 0
    while (logs / f"version_{version}").exists():
        version += 1
    vdir = logs / f"version_{version}"
    (vdir / "checkpoints").mkdir(parents=True)

    epoch, step = 0, 0
    if args.ckpt_path:
        ckpt = json.load(open(args.ckpt_path, encoding="utf-8"))
        epoch, step = ckpt["epoch"] + 1, ckpt["step"]

    if os.environ.get("FAKE_SPAWN_CHILD"):
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
        (Path(args.save_dir) / "child.pid").write_text(str(child.pid))

    seconds = float(os.environ.get("FAKE_EPOCH_SECONDS", "0.1"))
    fail_at = int(os.environ.get("FAKE_FAIL_AT_EPOCH", "-1"))
    batches = max(1, math.ceil(len(rows) / args.batch_size))
    metrics = open(vdir / "metrics.csv", "w", encoding="utf-8")
    metrics.write("epoch,loss_d,loss_g,step,val_loss\n")
    metrics.flush()
    loss = 40.0
    while epoch < args.max_epochs:
        if epoch == fail_at:
            print("Traceback (most recent call last):", file=sys.stderr)
            print("torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB", file=sys.stderr)
            sys.exit(1)
        for b in range(1, batches + 1):
            time.sleep(seconds / batches)
            step += 1
            loss *= 0.9
            pct = int(100 * b / batches)
            bar = ("█" * (pct // 10)).ljust(10)
            sys.stderr.write(f"\rEpoch {epoch}: {pct:3d}%|{bar}| {b}/{batches} [00:00<00:00, 9.87it/s, v_num={version}]")
            sys.stderr.flush()
            metrics.write(f"{epoch},{loss / 10:.4f},{loss:.4f},{step},\n")
            metrics.flush()
        metrics.write(f"{epoch},,,{step},{loss * 1.1:.4f}\n")
        metrics.flush()
        for name in (f"epoch={epoch}-step={step}.ckpt", "last.ckpt"):
            part = vdir / "checkpoints" / (name + ".tmp")
            part.write_text(json.dumps({"epoch": epoch, "step": step}))
            os.replace(part, vdir / "checkpoints" / name)
        sys.stderr.write("\n")
        epoch += 1
    print(f"`Trainer.fit` stopped: `max_epochs={args.max_epochs}` reached.", file=sys.stderr)


if __name__ == "__main__":
    main()
