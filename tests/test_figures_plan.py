"""Planning `rnnviz figures`: the course table against the registry, variants, order, shards, bad input."""

from __future__ import annotations

import shutil

import pytest
import torch
from click.testing import CliRunner
from figure_scenes import TEST_FIGURES

from rnnviz.cli import main
from rnnviz.figures.course import COURSE_SET
from rnnviz.figures.manifest import Missing
from rnnviz.figures.plan import plan_figures, render_command, shard_jobs
from rnnviz.models.demo import demo_weights_path
from rnnviz.rendering.options import InvalidOption
from rnnviz.scenes import SCENES, SceneEntry


def test_every_registered_course_scene_draws_the_architectures_its_figures_need():
    """A scene that lands joins the set at once; it must then draw what the notes' figures show."""
    for figure in COURSE_SET:
        entry = SCENES.get(figure.scene)
        if entry is not None:
            assert all(entry.supports(arch) for arch in figure.archs), (figure.name, entry.archs)


def test_registered_scenes_join_the_set_and_the_rest_are_missing(course_scenes, monkeypatch):
    plan = plan_figures("out")
    assert [job.figure.name for job in plan.jobs] == ["lstm.gif", "gru.gif", "rnn-gif2.gif", "rnn-figure1.jpg"]
    assert len(plan.missing) == len(COURSE_SET) - 4
    assert plan.missing_line().startswith(f"missing {len(COURSE_SET) - 4} of {len(COURSE_SET)} figures, no scene yet: ")
    assert "rnn-figure6.jpg (unroll)" in plan.missing_line()
    monkeypatch.setitem(SCENES, "unroll", SceneEntry("unroll", ("rnn",), "-", "-", "figure_scenes:SquaresScene"))
    plan = plan_figures("out", only="unroll")
    assert [job.path for job in plan.jobs] == ["rnn-gif1.gif", "rnn-figure6.png"]  # lstm's is missing
    assert plan.missing == (Missing("rnn-figure18.jpg", "unroll", "the scene does not draw lstm"),)


def test_a_figure_comparing_architectures_needs_a_scene_reading_them_all(monkeypatch, tmp_path):
    target = "figure_scenes:SquaresScene"
    monkeypatch.setitem(SCENES, "vs", SceneEntry("vs", ("lstm", "gru"), "-", "-", target))
    plan = plan_figures("out", only="vs")
    assert plan.jobs == ()
    assert plan.missing == (Missing("rnn-figure13.jpg", "vs", "the scene reads lstm, the figure shows lstm and gru"),)

    monkeypatch.setitem(SCENES, "vs", SceneEntry("vs", ("lstm", "gru"), "-", "-", target, reads=("lstm", "gru")))
    plan = plan_figures("out", only="vs")
    (job,) = plan.jobs
    assert (job.path, job.arch, job.reads, plan.missing) == ("rnn-figure13.png", "lstm", ("lstm", "gru"), ())
    assert [(key, source.sentence, source.weights) for key, source in plan.settings.sources(job).items()] == [
        ("lstm", "what time is it", None), ("gru", "what time is it", None)]

    mine = tmp_path / "my-gru.pt"
    shutil.copyfile(demo_weights_path("gru"), mine)
    plan = plan_figures("out", only="vs", weights=[mine])  # a comparison takes a model for each or for none
    assert plan.jobs == ()
    assert plan.missing == (Missing("rnn-figure13.jpg", "vs", "it compares lstm and gru: --weights gives a model for gru only"),)
    plan = plan_figures("out", only="vs", weights=[mine, demo_weights_path("lstm")])
    assert render_command(plan.jobs[0], plan.settings).endswith(
        f"--weights lstm={demo_weights_path('lstm')} --weights gru={mine} -o rnn-figure13.png")


def test_the_users_sentence_or_model_leaves_out_the_figures_that_cannot_draw_it(monkeypatch, tmp_path):
    target = "figure_scenes:SquaresScene"
    monkeypatch.setitem(SCENES, "stacked", SceneEntry("stacked", ("rnn",), "-", "-", target, model="stacked"))
    monkeypatch.setitem(SCENES, "intent", SceneEntry("intent", ("rnn",), "-", "-", target, max_tokens=4))
    assert plan_figures("out", only=("stacked", "intent")).missing == ()
    mine = tmp_path / "my-rnn.pt"
    shutil.copyfile(demo_weights_path("rnn"), mine)  # one layer
    plan = plan_figures("out", only=("stacked", "intent"), weights=[mine], sentence="what time is it now")
    assert plan.jobs == ()
    assert plan.missing == (
        Missing("rnn-figure5.jpg", "stacked", "the scene draws 2 to 4 stacked layers of one direction, the rnn model "
                "of --weights has 1 layer and 1 direction"),
        Missing("rnn-gif4.gif", "intent", "the scene draws at most 4 tokens, the sentence has 5"),
    )


def test_variants_formats_and_folders(course_scenes, tmp_path):
    single = plan_figures(tmp_path, video=True)
    assert sorted(job.path for job in single.jobs) == sorted(
        ["rnn-figure1.png", "rnn-gif2.gif", "rnn-gif2.mp4", "lstm.gif", "lstm.mp4", "gru.gif", "gru.mp4"]
    )
    several = plan_figures(tmp_path, langs="en,zh", themes=("light", "dark"))
    assert [v.folder for v in several.variants] == ["en-light", "en-dark", "zh-light", "zh-dark"]
    assert len(several.jobs) == 4 * len(TEST_FIGURES)
    assert "zh-dark/rnn-figure1.png" in {job.path for job in several.jobs}
    costs = [job.cost for job in several.jobs]
    assert costs == sorted(costs, reverse=True)  # largest first: step, then animations, then stills
    sentences = {job.variant.lang: source.sentence for job in several.jobs for source in several.settings.sources(job).values()}
    assert sentences == {"en": "what time is it", "zh": "现在几点了"}


@pytest.mark.parametrize("count", [1, 2, 3, 5, 40])
def test_shards_split_the_set_deterministically_and_evenly(course_scenes, count):
    jobs = plan_figures("out", langs="en,zh", themes="light,dark", video=True).jobs
    shards = [plan_figures("out", langs="en,zh", themes="light,dark", video=True, shard=f"{k}/{count}").jobs
              for k in range(1, count + 1)]
    assert sorted(job.path for shard in shards for job in shard) == sorted(job.path for job in jobs)  # each once
    assert [list(shard) for shard in shards] == shard_jobs(jobs, count)  # the same split every time
    loads = [sum(job.cost for job in shard) for shard in shards]
    assert max(loads) - min(loads) <= max(job.cost for job in jobs)


def test_user_models_replace_the_demo_models_of_their_architecture(tmp_path, course_scenes):
    mine = tmp_path / "my-gru.pt"
    shutil.copyfile(demo_weights_path("gru"), mine)
    plan = plan_figures("out", weights=[mine], sentence="set an alarm")
    jobs = {job.path: job for job in plan.jobs}
    assert plan.settings.weights_for("gru") == mine and plan.settings.weights_for("lstm") is None
    assert render_command(jobs["gru.gif"], plan.settings).endswith(f"--weights {mine} -o gru.gif")
    assert "--sentence 'set an alarm'" in render_command(jobs["lstm.gif"], plan.settings)
    torch.save(torch.nn.GRU(2, 3).state_dict(), tmp_path / "bare.pt")
    with pytest.raises(InvalidOption, match="bare recurrent weights"):
        plan_figures("out", weights=[tmp_path / "bare.pt"])
    with pytest.raises(InvalidOption, match="two --weights files for gru"):
        plan_figures("out", weights=[mine, demo_weights_path("gru")])


@pytest.fixture
def figures_cli(tmp_path, monkeypatch, course_scenes):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    (tmp_path / "notes.md").write_text("![loop](images/rnn-gif2.gif)\n")
    (tmp_path / "latin1.md").write_bytes("Größe ![x](images/rnn-gif2.gif)".encode("latin-1"))
    (tmp_path / "a-file").write_text("")
    (tmp_path / "cache").mkdir()
    return lambda *args: CliRunner().invoke(main, ["figures", *args])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--lang", "en,fr"], "--lang must be one of en, zh; got 'fr'"),
        (["--theme", "sepia"], "--theme must be one of light, dark; got 'sepia'"),
        (["--lang", ","], "--lang needs at least one of en, zh"),
        (["--only", "rnn-gif*", "--only", "figure99*"], "--only 'figure99*' matches no figure"),
        (["--shard", "3/2"], "--shard must be K/N with 1 <= K <= N"),
        (["--shard", "0/2"], "--shard must be K/N with 1 <= K <= N"),
        (["--shard", "half"], "--shard must be K/N with 1 <= K <= N"),
        (["--notes", "missing.md"], "the notes file does not exist: missing.md"),
        (["--notes", "latin1.md"], "the notes file is not UTF-8 text: latin1.md"),
        (["-o", "a-file"], "the output folder is a file"),
        (["--fps", "30"], "--fps must divide 100"),
        (["--sentence", "  "], "the sentence is empty"),
        (["--sentence", "a " * 33], "the sentence has 33 tokens, more than the limit of 32"),
        (["--weights", "missing.pt"], "the weights file does not exist: missing.pt"),
        (["--quality", "ultra"], "Invalid value for '--quality'"),
        (["--strict"], "missing 25 of 29 figures, no scene yet: "),
        (["some-folder"], "join sets with: rnnviz figures --merge SET... -o DIR"),
        (["--merge"], "join sets with: rnnviz figures --merge SET... -o DIR"),
        (["--merge", "notes.md"], "notes.md is not a folder"),
        (["--merge", "cache"], "cache holds no figure set (no figures.json)"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_writes_nothing(figures_cli, tmp_path, args, message):
    before = sorted(p.name for p in tmp_path.iterdir())
    result = figures_cli(*args)
    assert result.exit_code == 2, result.output
    assert result.output.count("\n") == 1 and result.output.startswith("Error: ") and message in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == before
