"""Business rules: plain Python, take a Session, return plain data. No Qt."""
