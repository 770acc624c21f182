"""Training code the learned parts share (imported by the training scripts and benchmarks, never at run time)."""
