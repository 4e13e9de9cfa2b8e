"""Executes notebooks headless with nbclient, one cell at a time, and stores their outputs.

Called by scripts/run-notebooks.ts (`npm run notebooks`), which sets the environment (instances, run folder,
JUPYTER_PATH, PATH with node_modules/.bin). Runs with Debian's /usr/bin/python3 (python3-nbclient).

  python3 scripts/run-notebooks.py --root . --secret-env SOURCE_API_KEY --secret-env TARGET_API_KEY notebooks/01-connect.ipynb ...

For each notebook, in order: start its kernel with the repo root as working directory (tslab compiles relative to
it), run every code cell, and write the notebook back with its outputs. The next notebook's kernel starts, and its
first cell runs when it only imports, while the current one runs: type-checking the imports is the slow part. The first failing cell stops everything:
the notebook, the cell, its source and its output are printed (tslab reports errors as stderr, so nbclient's own
message is empty), a copy with the partial outputs goes to --failed-dir, and the exit code is 1. Before a notebook
is stored, its outputs are scanned for the API keys (the values of the --secret-env variables), JWT-like strings and
"Bearer ": any hit fails the run and nothing is written.
"""
import argparse
import asyncio
import contextlib
import json
import os
import re
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

JWT = re.compile(r"eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}")
BEARER = re.compile(r"Bearer\s+\S")


def redact(text, secrets):
    for s in secrets:
        text = text.replace(s, "[REDACTED]")
    text = JWT.sub("[REDACTED]", text)
    return BEARER.sub("Bearer [REDACTED]", text)


# Values that change on every run of the same notebooks against a fresh sandbox: stored outputs get a placeholder,
# so re-running the notebooks leaves the tracked files unchanged unless what the notebooks show has changed.
VOLATILE = [
    (re.compile(r"http://127\.0\.0\.1:\d+"), "http://127.0.0.1:PORT"),
    (re.compile(r"\b\d{8}-\d{6}Z\b"), "YYYYMMDD-HHMMSSZ"),  # run ids (newRunId)
]
DIGITS = re.compile(r"\d+(?:[.,]\d+)*")


def stabilise(value):
    """The output with ports and run ids replaced, at every level of its JSON."""
    if isinstance(value, str):
        for pattern, placeholder in VOLATILE:
            value = pattern.sub(placeholder, value)
        return value
    if isinstance(value, list):
        return [stabilise(v) for v in value]
    if isinstance(value, dict):
        return type(value)({k: stabilise(v) for k, v in value.items()})
    return value


def same_but_numbers(old, new):
    """True when two outputs differ at most in their numbers (timings, throughput)."""
    return DIGITS.sub("#", json.dumps(old, sort_keys=True)) == DIGITS.sub("#", json.dumps(new, sort_keys=True))


def keep_stable(cells, before):
    """Stabilises every output; a cell tagged "measured" (it shows timings) keeps its stored output when only its
    numbers changed, so a re-run does not rewrite it for a few milliseconds."""
    for index, cell in enumerate(cells):
        if cell.cell_type != "code":
            continue
        cell.outputs = stabilise(cell.outputs)
        old = before[index] if index < len(before) else None
        if old is not None and "measured" in (cell.metadata.get("tags") or []) and same_but_numbers(old, cell.outputs):
            cell.outputs = nbformat.from_dict(old)


def output_text(output):
    if output.get("output_type") == "stream":
        return output.get("text", "")
    if output.get("output_type") == "error":
        return "\n".join(output.get("traceback") or []) or f"{output.get('ename')}: {output.get('evalue')}"
    data = output.get("data") or {}
    return data.get("text/plain") or (f"[{', '.join(data.keys())}]" if data else "")


def leaks(nb, secrets):
    """(cell index, what) for every output holding a key, a JWT-like string or a bearer header."""
    found = []
    for index, cell in enumerate(nb.cells):
        text = json.dumps(cell.get("outputs", []))
        if any(s in text for s in secrets):
            found.append((index, "an API key"))
        elif JWT.search(text):
            found.append((index, "a JWT-like string"))
        elif "Bearer " in text:
            found.append((index, '"Bearer "'))
    return found


def report_failure(path, index, cell, problem, secrets):
    bar = "=" * 78
    print(f"\n{bar}\nFAILED: {path}, cell {index} (counting from 0, markdown cells included)", file=sys.stderr)
    if problem:
        print(f"{problem}", file=sys.stderr)
    print(f"--- source ---\n{cell.source}", file=sys.stderr)
    outputs = "".join(output_text(o) for o in cell.get("outputs", []))
    lines = outputs.splitlines()
    if len(lines) > 60:
        lines = ["…"] + lines[-60:]
    print(f"--- output ---\n{redact(chr(10).join(lines), secrets) or '(none)'}\n{bar}", file=sys.stderr)


class Job:
    """One notebook: its client and kernel, prepared ahead of its turn, then finished in order."""

    def __init__(self, path, args, secrets):
        self.path, self.args, self.secrets = path, args, secrets
        self.nb = nbformat.read(path, as_version=4)
        self.stored = [json.loads(json.dumps(c.get("outputs", []))) if c.cell_type == "code" else None for c in self.nb.cells]
        kernel = (self.nb.metadata.get("kernelspec") or {}).get("name") or "tslab"
        self.client = NotebookClient(
            self.nb,
            kernel_name=kernel,
            timeout=args.timeout,
            startup_timeout=60,
            allow_errors=False,
            record_timing=False,
            resources={"metadata": {"path": args.root}},
        )
        self.stack = contextlib.AsyncExitStack()
        self.failed = None
        self.next_cell = 0
        self.started = None

    async def execute(self, index):
        cell = self.nb.cells[index]
        started = time.time()
        try:
            await self.client.async_execute_cell(cell, index, execution_count=self.client.code_cells_executed + 1, store_history=True)
        except CellTimeoutError as error:
            self.failed = (index, cell, f"timed out after {self.args.timeout} s: {error}")
        except DeadKernelError as error:
            self.failed = (index, cell, f"the kernel died: {error}")
        except CellExecutionError:
            self.failed = (index, cell, "")
        if self.args.timings and not self.failed:
            first = cell.source.splitlines()[0][:70] if cell.source else ""
            print(f"    {os.path.basename(self.path)} cell {index:>2}  {time.time() - started:5.1f} s  {first}", flush=True)

    async def prepare(self):
        """Starts the kernel and runs the first code cell when it only imports (no await): tslab type-checks
        everything imported there, the slow part of a notebook, so this overlaps with the previous notebook."""
        self.started = time.time()
        self.client.reset_execution_trackers()
        try:
            await self.stack.enter_async_context(self.client.async_setup_kernel())
            info = await self.client.async_wait_for_reply(self.client.kc.kernel_info())
            self.nb.metadata["language_info"] = info["content"]["language_info"]
        except Exception as error:  # noqa: BLE001 (reported as the notebook's failure)
            self.failed = (0, self.nb.cells[0], f"the kernel did not start: {error}")
            return
        code = [i for i, c in enumerate(self.nb.cells) if c.cell_type == "code"]
        if code and "await" not in self.nb.cells[code[0]].source:
            await self.execute(code[0])
            self.next_cell = code[0] + 1

    async def finish(self):
        """Runs the remaining cells, then checks the outputs for keys and stores the notebook."""
        try:
            if not self.failed:
                for index in range(self.next_cell, len(self.nb.cells)):
                    if self.nb.cells[index].cell_type == "code":
                        await self.execute(index)
                        if self.failed:
                            break
        finally:
            await self.close()
        if self.failed:
            report_failure(self.path, *self.failed, self.secrets)
            os.makedirs(self.args.failed_dir, exist_ok=True)
            copy = os.path.join(self.args.failed_dir, os.path.basename(self.path))
            if not leaks(self.nb, self.secrets):
                nbformat.write(self.nb, copy)
                print(f"The notebook with its partial outputs: {copy}", file=sys.stderr)
            return False
        found = leaks(self.nb, self.secrets)
        if found:
            for index, what in found:
                print(f"FAILED: {self.path}, cell {index}: its output contains {what}; the notebook was not stored.", file=sys.stderr)
            return False
        for cell in self.nb.cells:
            cell.metadata.pop("execution", None)
        if self.args.stable:
            keep_stable(self.nb.cells, self.stored)
        nbformat.write(self.nb, self.path)
        print(f"ok  {self.path}  ({time.time() - self.started:.1f} s since its kernel started)", flush=True)
        return True

    async def close(self):
        await self.stack.aclose()


async def run_all(paths, args, secrets):
    """Notebooks run one after the other (each continues from the run folder the previous ones wrote), but the
    next one's kernel starts, and its imports compile, while the current one runs."""
    jobs = [Job(p, args, secrets) for p in paths]
    ahead = asyncio.ensure_future(jobs[0].prepare())
    for i, job in enumerate(jobs):
        await ahead
        ahead = asyncio.ensure_future(jobs[i + 1].prepare()) if i + 1 < len(jobs) else None
        if not await job.finish():
            if ahead:
                await ahead
                await jobs[i + 1].close()
            return 1
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+")
    parser.add_argument("--root", default=os.getcwd(), help="working directory of the kernels (the repo root)")
    parser.add_argument("--timeout", type=int, default=600, help="seconds per cell")
    parser.add_argument("--secret-env", action="append", default=[], help="environment variable whose value must not appear in outputs")
    parser.add_argument("--failed-dir", default="runs/notebooks-failed")
    parser.add_argument("--timings", action="store_true", help="print how long each cell took")
    parser.add_argument("--stable", action="store_true", help="store ports and run ids as placeholders; keep measured cells whose numbers alone changed")
    args = parser.parse_args()
    args.root = os.path.abspath(args.root)
    secrets = [os.environ[name] for name in args.secret_env if os.environ.get(name)]
    return asyncio.run(run_all(args.notebooks, args, secrets))


if __name__ == "__main__":
    sys.exit(main())
