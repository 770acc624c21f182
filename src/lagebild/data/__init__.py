"""Small data files built by scripts/ from installed packages (see each script)."""
