"""Stage "check": row 3, checking one parsed response, and the first errors of a fresh process.

The per-call rows time `raise_for_response` against ccxt and two floors in
the same processes; the first-error row times what the package loads on
first use, in fresh plain processes.
"""

from __future__ import annotations

import json
from pathlib import Path

from harness import (
    FIGURES,
    PY,
    ROOT,
    WORK,
    child,
    child_env,
    median,
    ms,
    plain_env,
    row,
    run,
    section,
    us,
)
from trees import compile_folder, copy_package


def bench_check(repeats: int, processes: int, first_error_runs: int) -> None:
    """Row 3: the per-call rows, the first errors, the CLI's paste explanation."""
    bench_per_call(repeats, processes)
    bench_frames(repeats, processes)
    bench_first_error(first_error_runs)
    bench_paste(first_error_runs)


PASTE = '{"rc": 1, "mc": "AUTH_105", "ma": [], "result": null}'


def bench_paste(runs: int) -> None:
    """The CLI explaining a pasted response body, against it explaining the code
    the body names: what reading the paste adds, in fresh processes as a user runs it."""
    section(f"3. `xt-errors` explaining a pasted body (in {runs} fresh processes)")
    env = child_env(ROOT / "generated")
    paste_cmd = [PY, "-m", "xt_errors", PASTE]
    code_cmd = [PY, "-m", "xt_errors", "AUTH_105"]
    said = run(paste_cmd, env).stdout  # also the warm-up
    if "StaleRequestError" not in said:
        raise RuntimeError(f"the paste was not explained as AUTH_105: {said[:300]!r}")
    run(code_cmd, env)
    paste_t, code_t = [], []
    for _ in range(runs):
        paste_t.append(run(paste_cmd, env).seconds)
        code_t.append(run(code_cmd, env).seconds)
    p, c = median(paste_t), median(code_t)
    r = p / c
    # An answer a person waits for: under the 100 ms that reads as instant.
    row(
        "3 CLI: `xt-errors '<body of AUTH_105>'` (a paste) vs `xt-errors AUTH_105`, wall time",
        f"{ms(p)} vs {ms(c)} = {r:.2f}x",
        "paste <= 100 ms",
        p <= 0.1,
        "cli_paste",
        paste_s=p,
        code_s=c,
        ratio=r,
        runs=runs,
    )


def bench_per_call(repeats: int, processes: int) -> None:
    section(f"3. checking one parsed response (timeit, in {processes} fresh processes)")
    # One process's figures depend on its own luck (memory layout, hash seed), so
    # each figure is the median over several fresh processes of their medians.
    children = []
    for _ in range(processes):
        cmd = [PY, child("check_child"), str(repeats)]
        out = run(cmd, child_env(ROOT / "generated")).stdout
        children.append(json.loads(out.strip().splitlines()[-1]))
    FIGURES["check_raw"] = children

    def across(*path: str) -> dict[str, float]:
        """The median over the children of the figure at `path` in each child's result."""
        values = []
        for figure in children:
            for key in path:
                figure = figure[key]
            values.append(figure["median_s"])
        return {"median_s": median(values)}

    data = {
        "outcome": children[0]["outcome"],
        **{key: across(key) for key in ("floor", "floor_called", "harness")},
        "cases": {
            name: {side: across("cases", name, side) for side in ("ours", "ccxt")}
            for name in children[0]["cases"]
        },
    }
    floor = data["floor"]["median_s"]

    for name, c in data["cases"].items():
        o, x = c["ours"]["median_s"], c["ccxt"]["median_s"]
        speed = x / o
        what = data["outcome"][name]
        label = f"3 {name}: ours ({what['ours']}) vs ccxt ({what['ccxt']})"
        figure = f"{us(o)} vs {us(x)} = {speed:.1f}x faster"
        if name == "success":
            row(
                label,
                figure,
                ">= 4x faster",
                speed >= 4,
                "check_success",
                ours_s=o,
                ccxt_s=x,
                speedup=speed,
            )
            h = data["harness"]["median_s"]
            net = (x - h) / (o - h) if o > h else float("inf")
            row(
                f"3   success net of the harness's own call and try ({us(h)})",
                f"{us(o - h)} vs {us(x - h)} = {net:.1f}x faster",
                "(info)",
                None,
                "check_success_net",
                harness_s=h,
                speedup=net,
            )
        elif name == "known AUTH_105":
            row(
                label,
                figure,
                ">= 4x faster",
                speed >= 4,
                "check_known_vs_ccxt",
                ours_s=o,
                ccxt_s=x,
                speedup=speed,
            )
            # The target floor is a function that looks the code up and raises a prebuilt
            # class: the least any function-shaped API can do. The bare floor (the same
            # raise in the caller's own frame) is shown for context.
            called = data["floor_called"]["median_s"]
            r = o / called
            row(
                "3 known AUTH_105: ours vs floor one call deeper (function: dict lookup + raise prebuilt class)",
                f"{us(o)} vs {us(called)} = {r:.2f}x",
                "<= 1.3x",
                r <= 1.3,
                "check_known_vs_floor_called",
                ours_s=o,
                floor_called_s=called,
                ratio=r,
            )
            row(
                "3   the floor in the caller's own frame, and ours vs it",
                f"{us(floor)}; one call deeper = {called / floor:.2f}x it; ours = {o / floor:.2f}x it",
                "(info)",
                None,
                "check_known_vs_floor",
                floor_s=floor,
                floor_called_ratio=called / floor,
                ours_ratio=o / floor,
            )
        elif name.startswith("unknown"):
            # A code XT added after this package: a bot retrying on it pays this every time.
            row(
                label,
                figure,
                ">= 2x faster",
                speed >= 2,
                f"check_{name.split()[-1]}",
                ours_s=o,
                ccxt_s=x,
                speedup=speed,
            )
        else:
            row(
                label,
                figure,
                "(info)",
                None,
                f"check_{name.split()[-1]}",
                ours_s=o,
                ccxt_s=x,
                speedup=speed,
            )

    if children[0]["endpoint"]:
        ours_s, floor_s = (
            across("endpoint", "ours")["median_s"],
            across("endpoint", "floor")["median_s"],
        )
        r = ours_s / floor_s
        row(
            "3 endpoint lookup errors_for('POST /future/trade/v1/order/create') vs a dict lookup + tuple build",
            f"{us(ours_s)} vs {us(floor_s)} = {r:.2f}x",
            "<= 2x (info)",
            None,
            "check_endpoint_lookup",
            ours_s=ours_s,
            floor_s=floor_s,
            ratio=r,
        )

    for name, case in children[0].get("lookup_all", {}).items():
        ours_s = across("lookup_all", name, "ours")["median_s"]
        floor_s = across("lookup_all", name, "floor")["median_s"]
        r = ours_s / floor_s
        row(
            f"3 lookup_all({case['key']!r}) ({name}: {len(case['found'])} codes) vs a dict lookup + tuple build",
            f"{us(ours_s)} vs {us(floor_s)} = {r:.2f}x",
            "(info)",
            None,
            f"lookup_all_{case['key']}",
            ours_s=ours_s,
            floor_s=floor_s,
            ratio=r,
            found=case["found"],
        )


def bench_frames(repeats: int, processes: int) -> None:
    """Row 3, WebSocket frames: acks and pushes against their floor, an error against ccxt."""
    section(f"3. checking one WebSocket frame (timeit, in {processes} fresh processes)")
    children = []
    for _ in range(processes):
        out = run(
            [PY, child("frames_child"), str(repeats)], child_env(ROOT / "generated")
        ).stdout
        children.append(json.loads(out.strip().splitlines()[-1]))
    FIGURES["frames_raw"] = children
    s = {key: median([c[key]["median_s"] for c in children]) for key in children[0]}
    for kind in ("ack", "push"):
        r = s[f"{kind}_ours"] / s[f"{kind}_floor"]
        row(
            f"3 frame: a success {kind}, check_frame vs json.loads + a dict lookup",
            f"{us(s[f'{kind}_ours'])} vs {us(s[f'{kind}_floor'])} = {r:.2f}x",
            "<= 2x",
            r <= 2,
            f"frame_{kind}",
            ours_s=s[f"{kind}_ours"],
            floor_s=s[f"{kind}_floor"],
            ratio=r,
        )
    row(
        "3 frame: an error (code 1, parsed), check_frame raises vs ccxt.pro xt's handle_message drops it",
        f"{us(s['error_ours'])} vs {us(s['error_ccxt'])}",
        "(info: ccxt has no error)",
        None,
        "frame_error",
        ours_s=s["error_ours"],
        ccxt_s=s["error_ccxt"],
    )


def bench_first_error(runs: int) -> None:
    """Info rows: `import xt_errors`, then the first errors, in fresh plain processes.

    The package defers work to first use (the check module, the catalog data,
    each family's classes); this is what a program pays for it, once. Like the
    import rows, the children are plain and import a staged copy compiled
    beside its sources.
    """
    section(f"3. the first errors of a fresh process (in {runs} fresh processes)")
    folder = WORK / "check" / "catalog"
    copy_package(ROOT / "generated", folder)
    compile_folder(folder)
    env = plain_env()
    out = run([PY, child("family_codes_child")], env, cwd=folder).stdout
    first, second, other = json.loads(out.strip().splitlines()[-1])
    cmd = [PY, child("first_error_child"), first, second, other]
    children = []
    for round_ in range(runs + 1):  # round 0 is the warm-up (the OS's file cache)
        out = run(cmd, env, cwd=folder).stdout
        figures = json.loads(out.strip().splitlines()[-1])
        if not Path(figures["file"]).resolve().is_relative_to(folder.resolve()):
            raise RuntimeError(f"the first-error child loaded {figures['file']}")
        if round_:
            children.append(figures)
    steps = ("import", "first", "second", "other")
    s = {step: median([c[f"{step}_s"] for c in children]) for step in steps}
    raised = {step: children[0][f"{step}_raised"] for step in steps[1:]}
    row(
        f"3 first error in a fresh process: `import xt_errors`, then {first} ({raised['first']})",
        f"{ms(s['import'])}, then {ms(s['first'])}",
        "first <= 1 ms",
        s["first"] <= 1e-3,
        "check_first_error",
        codes={"first": first, "second": second, "other": other},
        raised=raised,
        runs=runs,
        **{f"{step}_s": s[step] for step in steps},
    )
    row(
        f"3   then {second} (same family, {raised['second']}); then {other} (another family, {raised['other']})",
        f"{us(s['second'])}; {us(s['other'])}",
        "another family <= 150 us",
        s["other"] <= 150e-6,
        "check_further_family",
        second_s=s["second"],
        other_s=s["other"],
    )
