"""Offline re-scoring of interchange files: reading and writing them, and spreading the work over processes. The
arithmetic is the pure engine's (forecasts/engine/); what is here is I/O."""
