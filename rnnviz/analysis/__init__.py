"""Analyses of recorded traces: influence of each token on each state, terminal summaries."""
