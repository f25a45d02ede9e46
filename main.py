"""院办通 entry point: `python main.py --help`."""
import sys


def _window_only(argv: list[str]) -> bool:
    """`main.py` or `main.py --db PATH`: start the window without building the CLI parser."""
    return not argv or (len(argv) == 2 and argv[0] == "--db" and not argv[1].startswith("-"))


if __name__ == "__main__":
    args = sys.argv[1:]
    if _window_only(args):
        from desktop.start import start_window

        sys.exit(start_window(args[1] if args else None))
    from desktop.cli import main

    sys.exit(main())
