"""Administration: people and roles, the school's norms and word lists, the audit log."""
