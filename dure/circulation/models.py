"""Models of this app arrive with its issue; see docs/ARCHITECTURE.md."""
