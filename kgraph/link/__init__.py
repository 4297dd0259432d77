"""Linking: connecting an extracted `Document` to records kept elsewhere (Tweede Kamer cases, ...)."""
