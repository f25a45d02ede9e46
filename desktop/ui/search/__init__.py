"""Global search (Ctrl+K): one box over 收文, 发文, 督办 and the duty log."""
