"""Discussions: the prompt page, threads, responses, replies, reader comments and flags."""
