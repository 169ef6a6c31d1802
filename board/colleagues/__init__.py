"""Looking at student work with colleagues: a shared copy without names, and a protocol in steps."""
