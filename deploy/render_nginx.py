"""Write a runnable nginx.conf from deploy/nginx.conf: `python deploy/render_nginx.py RUN_DIR [options]`."""
from __future__ import annotations

import argparse
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parent / "nginx.conf"
#: the app's MAX_CONTENT_LENGTH (board/config.py), as nginx writes sizes
MAX_BODY = "1m"


def render(run_dir: Path, listen: str, upstream: str, max_body: str = MAX_BODY) -> Path:
    """Fill the template with absolute paths and addresses; return the written file."""
    run_dir = run_dir.resolve()
    run_dir.mkdir(parents=True, exist_ok=True)
    text = TEMPLATE.read_text()
    for name, value in {"RUN_DIR": str(run_dir), "LISTEN": listen, "UPSTREAM": upstream,
                        "MAX_BODY": max_body}.items():
        text = text.replace(f"@{name}@", value)
    target = run_dir / "nginx.conf"
    target.write_text(text)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("run_dir", type=Path, help="where the config, pid file, logs and buffers go")
    parser.add_argument("--listen", default="127.0.0.1:8080")
    parser.add_argument("--upstream", default="127.0.0.1:8000")
    args = parser.parse_args()
    print(render(args.run_dir, args.listen, args.upstream))


if __name__ == "__main__":
    main()
