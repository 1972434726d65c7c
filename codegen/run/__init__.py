"""A run: the stages in order (`pipeline`), then the import check (`import_check`), the site
build (`site_build`) and the crash-safe switch (`output`); a run with nothing new stops early
(`freshness`)."""
