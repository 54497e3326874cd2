"""The shipped data: loaders agree with their source notes and with the upstream files."""

import csv
import json
import tempfile
from importlib import resources
from pathlib import Path

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from scaling_lib import datasets

DATA = resources.files("scaling_lib") / "data"


@pytest.mark.parametrize("folder", ["chinchilla_figure4", "llama_curves", "gadre_overtraining"])
def test_every_data_folder_keeps_its_source_note(folder: str) -> None:
    assert (DATA / folder / "SOURCE.md").is_file()


def test_gadre_keeps_its_licence() -> None:
    assert "MIT License" in (DATA / "gadre_overtraining" / "LICENSE.txt").read_text()


@pytest.mark.parametrize("model", list(datasets.LLAMA_MODELS))
def test_llama_curves_end_at_the_published_totals(model: str) -> None:
    params, hours, tokens = datasets.LLAMA_MODELS[model]
    curve = datasets.load_llama_curve(model)
    assert curve.hours.max() == pytest.approx(hours) and curve.tokens.max() == pytest.approx(tokens)
    assert np.all(np.diff(curve.hours) >= 0)
    assert 1.4 < curve.loss.min() and curve.loss.max() <= 2.4
    np.testing.assert_allclose(curve.flops, 6 * params * curve.tokens)


def test_gadre_summary_matches_the_upstream_json() -> None:
    folder = DATA / "gadre_overtraining"
    with (folder / "summary.csv").open() as f:
        rows = {r["name"]: r for r in csv.DictReader(f)}
    assert len(rows) == 104
    for path in (folder / "models").iterdir():
        model = json.loads(path.read_text())
        row = rows[model["name"]]
        assert int(row["params"]) == model["hyperparameters"]["params"]
        assert int(row["tokens"]) == model["hyperparameters"]["tokens"]
        c4 = [r["loss"] for r in model["results"] if r["val_data"][0].rstrip("/").endswith("c4_val")
              or "c4_val" in r["val_data"][0]]  # fmt: skip
        assert float(row["loss_c4_val"]) == pytest.approx(c4[0])


@pytest.mark.parametrize("dataset", datasets.GADRE_DATASETS)
def test_gadre_loader(dataset: str) -> None:
    runs = datasets.load_gadre_testbed(dataset)
    assert len(runs) in (34, 35)
    np.testing.assert_allclose(runs.d, 20 * runs.multiplier * runs.n, rtol=0.01)
    assert set(runs.multiplier) == {0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0}


def test_loader_bad_names() -> None:
    with pytest.raises(ValueError, match="unknown model 'LLaMA3-8B'; allowed: LLaMA1-7B"):
        datasets.load_llama_curve("LLaMA3-8B")
    with pytest.raises(ValueError, match="unknown dataset 'pile'"):
        datasets.load_gadre_testbed("pile")
    with pytest.raises(ValueError, match="unknown loss"):
        datasets.load_gadre_testbed("rpj", "loss_xyz")
    runs = datasets.load_chinchilla_figure4()
    with pytest.raises(ValueError, match="mask must be a boolean array of shape"):
        runs.select(np.ones(3))
    assert len(runs.select(runs.loss < 3)) == int((runs.loss < 3).sum())


def test_lowest_loss_by_budget_and_size() -> None:
    runs = datasets.Runs(
        n=np.array([1.0, 2.0, 1.0, 2.0, 3.0]), d=np.array([10, 5, 20, 10, 20 / 3]) / 6,
        c=np.array([10.0, 10.0, 20.0, 20.0, 20.0]),
        loss=np.array([3.0, 2.5, 2.8, 2.9, 2.0]),
    )  # fmt: skip
    by_c = runs.lowest_loss_by("c")
    assert list(by_c.c) == [10.0, 20.0] and list(by_c.loss) == [2.5, 2.0] and list(by_c.n) == [2.0, 3.0]
    by_n = runs.lowest_loss_by("n")
    assert list(by_n.n) == [1.0, 2.0, 3.0] and list(by_n.loss) == [2.8, 2.5, 2.0]
    with pytest.raises(ValueError, match="unknown field 'loss'"):
        runs.lowest_loss_by("loss")


# ---------------------------------------------------------------------------------------------
# The one CSV reader: good files of every accepted shape, and a clear error for each bad one
# ---------------------------------------------------------------------------------------------

GOOD_RUNS = {
    "plain": b"N,D,loss\n1e8,1e10,3.0\n1e9,2e10,2.5\n",
    "byte-order mark": b"\xef\xbb\xbfN,D,loss\n1e8,1e10,3.0\n1e9,2e10,2.5\n",
    "CRLF": b"N,D,loss\r\n1e8,1e10,3.0\r\n1e9,2e10,2.5\r\n",
    "quoted": b'"N","D","loss"\n"1e8","1e10","3.0"\n"1e9","2e10","2.5"',
    "columns in another order": b"loss,N,D\n3.0,1e8,1e10\n2.5,1e9,2e10\n",
    "C instead of D": b"N,C,loss\n1e8,6e18,3.0\n1e9,1.2e20,2.5\n",
    "C and D that agree": b"N,D,C,loss\n1e8,1e10,6e18,3.0\n1e9,2e10,1.2e20,2.5\n",
}


@pytest.mark.parametrize("content", GOOD_RUNS.values(), ids=GOOD_RUNS.keys())
def test_good_runs_files_load(content: bytes, tmp_path: Path) -> None:
    path = tmp_path / "runs.csv"
    path.write_bytes(content)
    runs = datasets.load_runs_csv(path)
    np.testing.assert_allclose(runs.n, [1e8, 1e9])
    np.testing.assert_allclose(runs.d, [1e10, 2e10])
    np.testing.assert_allclose(runs.c, [6e18, 1.2e20])
    np.testing.assert_allclose(runs.loss, [3.0, 2.5])


BAD_RUNS = {
    "empty file": (b"", "is empty; it needs a header line naming the columns N, loss and D or C"),
    "byte-order mark only": (b"\xef\xbb\xbf", "is empty"),
    "header only": (b"N,D,loss\n", "holds no runs: nothing follows its header line"),
    "missing column": (b"N,loss\n1e8,3\n", "line 1: missing column D or C; the file needs columns N, loss"),
    "missing loss": (b"N,D\n1e8,1e10\n", "line 1: missing column loss"),
    "duplicate column": (b"N,D,N,loss\n1,2,3,4\n", "line 1: column 'N' appears twice"),
    "extra column": (
        b"N,D,loss,lr\n1e8,1e10,3,0.1\n",
        "line 1: unexpected column 'lr'; allowed columns: N, D, C, loss",
    ),
    "header with a space": (
        b"N, D,loss\n1e8,1e10,3\n",
        "missing column D or C; the file needs columns N, loss and D or C and has 'N', ' D', 'loss'",
    ),
    "short row": (
        b"N,D,loss\n1e8,1e10,3\n1e9,2e10\n",
        "line 3, column 'loss': the row has 2 fields, too few",
    ),
    "long row": (b"N,D,loss\n1e8,1e10,3,7\n", "line 2: the row has 4 fields, too many; the header names 3"),
    "blank line": (b"N,D,loss\n1e8,1e10,3\n\n1e9,2e10,2.5\n", "line 3: the line is blank"),
    "blank value": (
        b"N,D,loss\n1e8,,3\n",
        "line 2, column 'D': the value is empty; D needs a finite number > 0",
    ),
    "abc": (b"N,D,loss\n1e8,1e10,3\n1e9,2e10,abc\n", "line 3, column 'loss': 'abc' is not a number"),
    "a comma inside quotes": (b'N,D,loss\n"1,5",1e10,3\n', "line 2, column 'N': '1,5' is not a number"),
    "NaN": (b"N,D,loss\n1e8,1e10,nan\n", "line 2, column 'loss': loss must be finite and > 0; got nan"),
    "inf": (b"N,D,loss\ninf,1e10,3\n", "line 2, column 'N': N must be finite and > 0; got inf"),
    "negative": (b"N,D,loss\n1e8,-1e10,3\n", "line 2, column 'D': D must be finite and > 0; got -1e10"),
    "zero": (b"N,C,loss\n0,6e18,3\n", "line 2, column 'N': N must be finite and > 0; got 0"),
    "CRLF, bad third line": (
        b"N,D,loss\r\n1e8,1e10,3\r\n1e9,x,2\r\n",
        "line 3, column 'D': 'x' is not a number",
    ),
    "bad quoting": (b'N,D,loss\n1e8,"1e10"x,3\n', "line 2: not valid CSV"),
    "not UTF-8": (b"N,D,loss\n1e8,1e10,3\xff\n", "is not UTF-8 text"),
    "C and D that disagree": (
        b"N,D,C,loss\n1e8,1e10,6e18,3\n1e8,1e10,1e19,3\n",
        "line 3, column 'C': C must equal 6ND",
    ),
}


@pytest.mark.parametrize(("content", "message"), BAD_RUNS.values(), ids=BAD_RUNS.keys())
def test_bad_runs_files_name_the_file_line_and_column(content: bytes, message: str, tmp_path: Path) -> None:
    path = tmp_path / "runs.csv"
    path.write_bytes(content)
    with pytest.raises(ValueError) as err:
        datasets.load_runs_csv(path)
    assert message in str(err.value) and str(path) in str(err.value)


def test_quoted_fields_keep_commas_and_line_breaks_and_lines_are_counted(tmp_path: Path) -> None:
    path = tmp_path / "table.csv"
    path.write_bytes(b'name,size\n"a, b",1\n"two\r\nlines",2\nc,-3\n')
    columns = {"name": "text", "size": "size"}
    with pytest.raises(ValueError, match=r"line 5, column 'size': size must be finite and > 0; got -3"):
        datasets._read_table(path, columns)
    path.write_bytes(b'name,size\n"a, b",1\n"two\r\nlines",2\n')
    table = datasets._read_table(path, columns)
    assert table.text["name"] == ("a, b", "two\r\nlines") and list(table.numbers["size"]) == [1.0, 2.0]


def test_tab_separated_and_number_columns(tmp_path: Path) -> None:
    path = tmp_path / "table.tsv"
    path.write_text("step\tx\n1\t-2.5\n2\t0\n")
    table = datasets._read_table(path, {"step": "size", "x": "number"}, delimiter="\t")
    assert list(table.numbers["x"]) == [-2.5, 0.0]
    path.write_text("step\tx\n1\tinf\n")
    with pytest.raises(ValueError, match="line 2, column 'x': x must be a finite number; got inf"):
        datasets._read_table(path, {"step": "size", "x": "number"}, delimiter="\t")


def test_a_bad_value_after_the_first_chunk_names_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(datasets, "_CHUNK", 4)
    path = tmp_path / "runs.csv"
    path.write_text("N,D,loss\n" + "1e8,1e10,3\n" * 9 + "1e8,1e10,-3\n")
    with pytest.raises(ValueError, match="line 11, column 'loss'"):
        datasets.load_runs_csv(path)
    path.write_text("N,D,loss\n" + "1e8,1e10,3\n" * 10)
    assert len(datasets.load_runs_csv(path)) == 10


positive_floats = st.floats(min_value=1e-6, max_value=1e30, allow_nan=False, allow_infinity=False)
run_rows = st.lists(st.tuples(positive_floats, positive_floats, positive_floats), min_size=1, max_size=40)


@given(rows=run_rows, order=st.permutations(["N", "D", "loss"]), bom=st.booleans(), crlf=st.booleans(),
       quoting=st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))  # fmt: skip
def test_runs_written_are_read_back_equal(
    rows: list[tuple[float, float, float]], order: list[str], bom: bool, crlf: bool, quoting: int
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "runs.csv"
        with open(path, "w", newline="", encoding="utf-8-sig" if bom else "utf-8") as f:
            writer = csv.writer(f, lineterminator="\r\n" if crlf else "\n", quoting=quoting)
            writer.writerow(order)
            writer.writerows([repr(dict(zip(("N", "D", "loss"), row, strict=True))[k]) for k in order]
                             for row in rows)  # fmt: skip
        runs = datasets.load_runs_csv(path)
    n, d, loss = (np.array(col) for col in zip(*rows, strict=True))
    assert np.array_equal(runs.n, n) and np.array_equal(runs.d, d) and np.array_equal(runs.loss, loss)
    assert np.array_equal(runs.c, 6 * n * d)


@given(rows=run_rows, data=st.data())
def test_one_bad_value_is_reported_at_its_line_and_column(
    rows: list[tuple[float, ...]], data: st.DataObject
) -> None:
    k = data.draw(st.integers(0, len(rows) - 1), label="row")
    column = data.draw(st.sampled_from(["N", "D", "loss"]), label="column")
    bad = data.draw(st.sampled_from(["abc", "", "0", "-1", "nan", "inf"]), label="value")
    lines = [
        ",".join(
            bad if (i, c) == (k, column) else repr(v) for c, v in zip(("N", "D", "loss"), row, strict=True)
        )
        for i, row in enumerate(rows)
    ]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "runs.csv"
        path.write_text("N,D,loss\n" + "\n".join(lines) + "\n")
        with pytest.raises(ValueError, match=f"runs.csv, line {k + 2}, column '{column}': "):
            datasets.load_runs_csv(path)


def test_load_runs_csv_path_must_be_a_file(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="path must be a file path"):
        datasets.load_runs_csv(3)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="is not a file"):
        datasets.load_runs_csv(tmp_path)


# Rows of every shipped file (lines of the file less its header, as `wc -l` counts them; the SOURCE
# notes give the same for the files they count).
LLAMA_ROWS = {"LLaMA1-7B": 5634, "LLaMA1-13B": 5655, "LLaMA1-33B": 7769, "LLaMA1-65B": 7750,
              "LLaMA2-7B": 896, "LLaMA2-13B": 885, "LLaMA2-34B": 890, "LLaMA2-70B": 896}  # fmt: skip
LUO_ROWS = {  # schedule -> rows for 25M, 100M, 400M
    "constant_24000": (171, 171, 171), "constant_72000": (546, 546, 546), "cosine_24000": (171, 171, 171),
    "cosine_72000": (546, 546, 546), "wsd_20000_24000": (170, 171, 171), "wsdld_20000_24000": (170, 171, 171),
    "wsdcon_3": (95, 109, 109), "wsdcon_9": (95, 109, 109), "wsdcon_18": (95, 109, 109),
}  # fmt: skip


def test_every_shipped_file_loads_every_row() -> None:
    assert len(datasets.load_chinchilla_figure4()) == 245
    assert {m: len(datasets.load_llama_curve(m).hours) for m in LLAMA_ROWS} == LLAMA_ROWS
    assert [len(datasets.load_gadre_testbed(d)) for d in datasets.GADRE_DATASETS] == [34, 35, 35]
    assert sum(len(datasets.load_porian_isoflops(c)) for c in datasets.PORIAN_CONFIGS) == 1745
    assert len(datasets.load_porian_paper_fits()) == 15
    for schedule, counts in LUO_ROWS.items():
        got = tuple(len(datasets.load_luo_schedule(s, schedule).step) for s in datasets.LUO_SIZES)
        assert got == counts, schedule
    assert [len(datasets.load_gemstones(t).model) for t in datasets.GEMSTONES_TABLES] == [3850, 199, 199]
    assert len(datasets.load_sardana_runs()) == 47
    assert (len(datasets.load_datablations("all")), len(datasets.load_datablations("fit"))) == (296, 182)


@pytest.mark.parametrize("loss", datasets.GADRE_LOSSES)
def test_every_gadre_loss_column_loads(loss: str) -> None:
    runs = datasets.load_gadre_testbed("rpj", loss)
    assert len(runs) == 35 and np.all((1 < runs.loss) & (runs.loss < 10))


# ---------------------------------------------------------------------------------------------
# Runs and their subclasses check their fields
# ---------------------------------------------------------------------------------------------

TWO = {"n": [1e8, 1e9], "d": [1e10, 2e10], "c": [6e18, 1.2e20], "loss": [3.0, 2.5]}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("n", -1.0, "n must be a 1-D array of numbers; got shape ()"),
        ("n", [1e8, 0.0], "n must be finite and > 0; got 0.0"),
        ("d", [1e10, np.nan], "d must be finite and > 0; got nan"),
        ("c", "x", "c must be a 1-D array of finite numbers > 0; got 'x'"),
        ("loss", np.ones(3), "loss must be a 1-D array of numbers, 2 of them (one per run, as n has)"),
        ("loss", [[3.0, 2.5]], "loss must be a 1-D array of numbers, 2 of them"),
    ],
)  # fmt: skip
def test_runs_refuse_bad_fields(field: str, value: object, message: str) -> None:
    with pytest.raises(ValueError) as err:
        datasets.Runs(**{**TWO, field: value})
    assert message in str(err.value)


def test_runs_store_float_arrays_and_may_be_empty() -> None:
    runs = datasets.Runs(**TWO)
    assert all(isinstance(getattr(runs, k), np.ndarray) and getattr(runs, k).dtype == float for k in TWO)
    assert len(runs.select(runs.n > 1e12)) == 0


@pytest.mark.parametrize(
    ("cls", "extra"),
    [(datasets.OvertrainingRuns, "multiplier"), (datasets.RepeatedRuns, "unique_tokens")],
)
def test_subclasses_check_their_own_fields(cls: type, extra: str) -> None:
    good = {**TWO, extra: [1.0, 2.0], "names": ("a", "b")}
    assert list(getattr(cls(**good), extra)) == [1.0, 2.0]
    with pytest.raises(ValueError, match=f"{extra} must be finite and > 0; got -1.0"):
        cls(**{**good, extra: [1.0, -1.0]})
    for names in (None, ("a",), ("a", "")):
        with pytest.raises(ValueError, match=r"names must be a tuple of non-empty strings, 2 of them"):
            cls(**{**good, "names": names})


@given(st.lists(st.tuples(positive_floats, positive_floats, positive_floats, positive_floats), min_size=1),
       st.data())  # fmt: skip
def test_runs_accept_positive_values_and_refuse_any_bad_entry(
    rows: list[tuple[float, ...]], data: st.DataObject
) -> None:
    columns = dict(zip(("n", "d", "c", "loss"), (np.array(c) for c in zip(*rows, strict=True)), strict=True))
    columns["c"] = 6 * columns["n"] * columns["d"]  # Runs hold C = 6ND
    assume(np.all(np.isfinite(columns["c"])))
    assert len(datasets.Runs(**columns)) == len(rows)
    field = data.draw(st.sampled_from(list(columns)))
    k = data.draw(st.integers(0, len(rows) - 1))
    bad = data.draw(st.sampled_from([0.0, -1.0, np.nan, np.inf, -np.inf]))
    broken = columns[field].copy()
    broken[k] = bad
    with pytest.raises(ValueError, match=f"^{field} must be finite and > 0"):
        datasets.Runs(**{**columns, field: broken})


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (b'x,note\n1,"two\nlines"\n-2,one\n', 4),  # the row after a quoted line break
        (b'x,note\n-1,"two\nlines"\n2,one\n', 2),  # before the break, in the same row
        (b'note,x\n"two\nlines",-1\none,2\n', 3),  # after the break, in the same row
        (b'note,x\n"a\r\nb\nc",1\nd,-2\n', 5),  # CRLF and LF breaks inside one field
    ],
)
def test_a_bad_value_is_reported_at_its_own_line_around_quoted_breaks(
    tmp_path: Path, text: bytes, line: int
) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(text)
    with pytest.raises(ValueError, match=f"t.csv, line {line}, column 'x': x must be finite and > 0"):
        datasets._read_table(path, {"x": "size", "note": "text"})
