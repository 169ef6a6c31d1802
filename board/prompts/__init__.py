"""Prompts: guiding questions with context, norms, visibility and dates."""
