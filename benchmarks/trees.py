"""The inputs the stages measure, all made in benchmarks/scratch/.

- a mirror of the repository's generated tree, so syncs and site builds never
  write into the repository;
- synthetic documents of N codes in the CMS format (1b, 2b, 4);
- staged copies of a generated xt_errors, compiled beside their sources as
  `pip install` does, for the children that import it as a user would.
"""

from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

from harness import PY, ROOT, WORK, child_env, codegen, plain_env, run

# After benchmarks/ itself, so the repository's folders never shadow a stage module.
sys.path.insert(1, str(ROOT))  # for codegen.read.front_matter.format_document


# -- the repository's catalog ---------------------------------------------------


def mirror_repository(dest: Path) -> Path:
    """A copy of the repository's generated tree in scratch, brought up to date.

    Benchmarks sync, render and build this copy, so they can never write into the
    repository, even when someone's edits made it stale: the untimed sync here
    brings the copy up to date.
    """
    shutil.rmtree(dest, ignore_errors=True)
    (dest / "spec").mkdir(parents=True)
    shutil.copy2(ROOT / "spec/catalog.yaml", dest / "spec/catalog.yaml")
    for folder in ("generated", "docs"):
        if (ROOT / folder).is_dir():
            ignore = shutil.ignore_patterns("__pycache__")
            shutil.copytree(ROOT / folder, dest / folder, ignore=ignore)
    for config in ROOT.glob("mkdocs*.yml"):
        shutil.copy2(config, dest / config.name)
    run(catalog_sync(dest), child_env())
    return dest


def catalog_sync(out: Path) -> list[str]:
    """`python -m codegen --no-site` of the repository's documents (spec/source/) into `out`."""
    return codegen(ROOT / "spec/source", out)


# -- synthetic documents --------------------------------------------------------

SEED_STATUSES = [
    ("200", "The request is successful, please check the rc and mc sections further"),
    ("404", "interface does not exist"),
    (
        "429",
        "The request is too frequent, please control the request rate according to the speed limit requirement",
    ),
    ("500", "Service exception"),
    ("502", "Gateway exception"),
    ("503", "Service unavailable, please try again later"),
]
_SUBJECTS = [
    "order",
    "position",
    "loan",
    "repayment",
    "transfer",
    "withdrawal",
    "deposit",
    "sub-account",
    "API key",
    "leverage",
    "margin",
    "symbol",
    "price",
    "quantity",
    "trigger price",
    "account",
]
_PROBLEMS = [
    "does not exist",
    "is not supported for the time being",
    "exceeds the maximum allowed",
    "is below the minimum allowed",
    "is being processed, please try again later",
    "has been frozen by risk control",
    "is invalid, please check the request parameters",
    "cannot be modified in the current state",
    "was rejected because the balance is insufficient",
]


def family_name(index: int) -> str:
    """FAM_A, FAM_B, ..., FAM_Z, FAM_AA, ..."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"FAM_{letters}"


def synthetic_codes(n: int) -> list[tuple[str, str]]:
    """SUCCESS, FAILURE and n - 2 message codes in n // 100 families, the same for the same n."""
    rnd = random.Random(n)
    codes = [("SUCCESS", "success"), ("FAILURE", "fail")]
    families = max(1, n // 100)
    per_family = -(-(n - 2) // families)
    i = 0
    for f in range(families):
        for k in range(1, per_family + 1):
            if len(codes) >= n:
                break
            subject, problem = rnd.choice(_SUBJECTS), rnd.choice(_PROBLEMS)
            if i % 50 == 7:
                text = f"The {subject} {{0}} {problem}, limit {{1}}."
            else:
                text = f"The {subject} {problem}."
                if rnd.random() < 0.3:
                    text += " Please contact customer support if the problem persists."
            codes.append((f"{family_name(f)}_{k:03d}", text[0].upper() + text[1:]))
            i += 1
    return codes


def write_synthetic(n: int, path: Path) -> list[tuple[str, str]]:
    """Write the document of `synthetic_codes(n)` to `path`, as XT's CMS exports them."""
    from codegen.read.front_matter import format_document

    codes = synthetic_codes(n)
    returns = [("0", "business success"), ("1", "business failure")]
    text = format_document(
        "response code",
        [
            ("httpStatus", "description", SEED_STATUSES),
            ("rc", "return Code", returns),
            ("mc", "message code", codes),
        ],
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return codes


def ten_thousand_doc() -> Path:
    """The 10,000-code document, written by 1b or now."""
    doc = WORK / "synth-10000/doc.md"
    if not doc.is_file():
        write_synthetic(10_000, doc)
    return doc


# -- staged packages ------------------------------------------------------------


def copy_package(generated: Path, folder: Path) -> None:
    """A fresh copy of `generated`/xt_errors in `folder`, without its caches."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(generated / "xt_errors", folder / "xt_errors", ignore=ignore)


def compile_folder(folder: Path) -> None:
    """Compile every module in `folder` beside its source, as pip install does.

    compileall runs in the plain environment, so __pycache__ lands next to the
    sources; the check after it makes sure every module has its .pyc.
    """
    run([PY, "-m", "compileall", "-q", str(folder)], plain_env())
    tag = sys.implementation.cache_tag
    missing = [
        source
        for source in folder.rglob("*.py")
        if not (source.parent / "__pycache__" / f"{source.stem}.{tag}.pyc").is_file()
    ]
    if missing:
        raise RuntimeError(f"no .pyc for {missing[0]}")
