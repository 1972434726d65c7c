"""Stages 2 and 3, the spec: pair and merge the pages' codes (`pairs`, `merge`, `rules`),
sync them into `spec/catalog.yaml` (`sync`, `edit`, `dating`, `guesses`), read and check
the file (`file`, `shape`, `fields`), and replay XT's past pages (`replay`)."""
