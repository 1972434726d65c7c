"""Stage 1, read: XT's pages, plain markdown, a docs-CMS export or a Docusaurus page, into their code tables."""
