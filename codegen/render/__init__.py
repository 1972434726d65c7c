"""Stages 5 and 6, the outputs: the package (`package`), the site and its JSON (`site`,
`changes_page`, `labels`, `catalog_json`), with their escaping and templates (`escaping`,
`jinja`); the versions and the changelog (`releases`)."""
