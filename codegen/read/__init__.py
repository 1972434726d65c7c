"""Stage 1, read: XT's pages, plain markdown or a docs-CMS export, into their code tables."""
