"""The floor of every sync: ruamel.yaml's round trip (load, then dump) of a spec.

    python roundtrip_child.py SPEC [--with-jinja2]

--with-jinja2 imports Jinja2 first, as every sync that renders does (row 1a).
"""

import io
import sys


def main() -> None:
    spec, *flags = sys.argv[1:]
    if "--with-jinja2" in flags:
        import jinja2  # noqa: F401
    from ruamel.yaml import YAML

    y = YAML()
    with open(spec, encoding="utf-8") as f:
        d = y.load(f)
    s = io.StringIO()
    y.dump(d, s)


if __name__ == "__main__":
    main()
