"""Test double of piper1-gpl (see ../README.md)."""
