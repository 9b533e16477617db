"""Analyses of recorded traces: influence of each token on each state, its shares, the state
gradient, terminal summaries."""
