"""The front page: public prompts for everyone, and one's own classes and work when signed in."""
