"""Stage 0, fetch: XT's pages from their upstream repositories.

`python -m codegen fetch` (`command`) brings a source's upstream into a cache
and reads it through the `git` command (`cache`, `repository`, `git`, with no
knowledge of what the files are: `cache.UpstreamCache` keeps the cache under
`.codegen-cache/upstream/`, never seen half-made; `repository.Repository`
reads refs, a commit's facts and provenance, the files of a commit, the
first-parent history of a branch), then takes the pages that list codes
(`pages`, named by `layout`'s rule) and their history (`history`). Every
failure of git is one `errors.FetchError`, printed as one line.
"""
