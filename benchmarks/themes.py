"""Themes: our two engines against BERTopic 0.17.4, on real labelled text, given the same embeddings.

    .venv/bin/python benchmarks/themes.py            # prints Markdown tables (takes 10-15 minutes)

Sets (tests/data/themes/, see its README): the six Polis conversations mixed (3,195 comments, label =
conversation) and 600 drug reviews (label = condition). Every comment is embedded once with
`ostrom.themes.embed` (all-MiniLM-L6-v2, int8 ONNX) and the same rows are given to every engine.
BERTopic runs with its defaults (UMAP to 5-d, HDBSCAN) and with k-means at our embeddings engine's k in
place of HDBSCAN; its keywords come from a CountVectorizer with English stop words (as ours), so that
coherence compares like with like. BERTopic's outliers (topic -1) and our "no theme" each count as one
more label for NMI and ARI.

NPMI coherence: for each theme's top 10 keywords, the mean normalised pointwise mutual information over
word pairs, from which comments of the same set contain both (a pair never seen together scores -1),
averaged over themes. Each run is a fresh process: time is wall-clock for the one call, peak memory how
far the resident set rose above its size before the call (imports and data loaded before; Linux's
high-water mark reset through /proc/self/clear_refs).

Speed at 10,000 comments: the 3,795 real comments of both sets, cycled in seeded shuffles until there
are 10,000 (each comment appears two or three times, under new ids), with their embeddings."""

from __future__ import annotations

import hashlib
import itertools
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ostrom.themes import Comment, embed, find_themes  # noqa: E402
from ostrom.themes import words as theme_words  # noqa: E402
from tests.themes.themes_data import LabelledComments, drug_reviews, polis_mixed  # noqa: E402

SETS = {"Polis mixed (3,195)": polis_mixed, "drug reviews (600)": drug_reviews}
BIG = 10_000


def cached_embeddings(name: str, data: LabelledComments) -> tuple[np.ndarray, float]:
    """The set's embeddings (computed once, kept in the temporary folder) and comments embedded per second."""
    texts = [comment.text for comment in data.comments]
    key = hashlib.sha256("\n".join(texts).encode()).hexdigest()[:16]
    path = Path(tempfile.gettempdir()) / f"ostrom-themes-{key}.npy"
    speed_path = path.with_suffix(".json")
    if path.exists() and speed_path.exists():
        return np.load(path), json.loads(speed_path.read_text())["per_second"]
    started = time.perf_counter()
    vectors = embed(texts)
    per_second = len(texts) / (time.perf_counter() - started)
    np.save(path, vectors)
    speed_path.write_text(json.dumps({"per_second": per_second}))
    return vectors, per_second


def big_set() -> tuple[list[Comment], np.ndarray]:
    comments, vectors = [], []
    for name, load in SETS.items():
        data = load()
        comments += data.comments
        vectors.append(cached_embeddings(name, data)[0])
    everything = np.vstack(vectors)
    generator = np.random.default_rng(2026)
    chosen: list[Comment] = []
    rows: list[int] = []
    for round_ in itertools.count():
        for row in generator.permutation(len(comments)):
            if len(chosen) == BIG:
                return chosen, everything[rows]
            chosen.append(Comment(id=f"{round_}/{comments[row].id}", text=comments[row].text))
            rows.append(int(row))
    raise AssertionError  # pragma: no cover


def npmi(topics: list[list[str]], texts: list[str]) -> float:
    """Mean NPMI of each topic's top 10 words over document co-occurrence in `texts`."""
    analyse = theme_words.count_vectorizer().build_analyzer()
    documents = [set(analyse(text)) for text in texts]
    count = len(documents)
    scores = []
    for topic in topics:
        top = [word for word in topic[:10]]
        pairs = []
        having = {word: {i for i, document in enumerate(documents) if word in document} for word in top}
        for first, second in itertools.combinations(top, 2):
            both = len(having[first] & having[second])
            if not having[first] or not having[second]:
                continue
            if both == 0:
                pairs.append(-1.0)
                continue
            joint = both / count
            if joint == 1:
                pairs.append(1.0)
                continue
            pmi = np.log(joint / (len(having[first]) / count * len(having[second]) / count))
            pairs.append(pmi / -np.log(joint))
        if pairs:
            scores.append(float(np.mean(pairs)))
    return float(np.mean(scores)) if scores else float("nan")


def peak_memory_from_here():
    """A function that returns, in MiB, how far the process's resident memory rose above what it is now:
    the kernel's high-water mark (VmHWM) is reset first (Linux: /proc/self/clear_refs), so that memory
    freed before the call and reused during it is still counted."""
    Path("/proc/self/clear_refs").write_text("5")
    start = _status("VmRSS")
    return lambda: (_status("VmHWM") - start) / 1024


def _status(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])  # kB
    raise LookupError(field)


def measure_one(set_name: str, engine: str, k: int | None) -> dict:
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    data = SETS[set_name]()
    vectors, _ = cached_embeddings(set_name, data)
    texts = [comment.text for comment in data.comments]
    if engine.startswith("BERTopic"):
        from bertopic import BERTopic
        from sklearn.cluster import KMeans
        from sklearn.feature_extraction.text import CountVectorizer

        def run():
            options = {"vectorizer_model": CountVectorizer(stop_words="english")}
            if k is not None:
                options["hdbscan_model"] = KMeans(n_clusters=k, n_init=10, random_state=0)
            model = BERTopic(**options)
            topics, _ = model.fit_transform(texts, embeddings=vectors)
            keywords = [
                [word for word, _ in model.get_topic(topic)] for topic in sorted(set(topics)) if topic != -1
            ]
            return list(topics), keywords
    else:

        def run():
            theming = find_themes(data.comments, engine=engine, n_themes=k, embeddings=vectors)
            found = [theming.assignments[comment.id] or 0 for comment in data.comments]
            return found, [list(theme.keywords) for theme in theming.themes]

    peak = peak_memory_from_here()
    started = time.perf_counter()
    found, keywords = run()
    seconds = time.perf_counter() - started
    peak_mib = peak()
    return {
        "themes": len(keywords),
        "nmi": normalized_mutual_info_score(data.labels, found),
        "ari": adjusted_rand_score(data.labels, found),
        "npmi": npmi(keywords, texts),
        "seconds": seconds,
        "peak_mib": peak_mib,
    }


def speed_one(engine: str) -> dict:
    comments, vectors = big_set()
    peak = peak_memory_from_here()
    started = time.perf_counter()
    theming = find_themes(comments, engine=engine, embeddings=vectors if engine == "embeddings" else None)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "peak_mib": peak(), "themes": len(theming.themes)}


def in_fresh_process(*arguments: str) -> dict:
    finished = subprocess.run(
        [sys.executable, __file__, *arguments], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return json.loads(finished.stdout.strip().splitlines()[-1])


def main() -> None:
    if len(sys.argv) >= 2 and sys.argv[1] == "--one":
        k = None if sys.argv[4] == "auto" else int(sys.argv[4])
        print(json.dumps(measure_one(sys.argv[2], sys.argv[3], k)))
        return
    if len(sys.argv) >= 2 and sys.argv[1] == "--speed":
        print(json.dumps(speed_one(sys.argv[2])))
        return
    speeds = {}
    for name, load in SETS.items():
        speeds[name] = cached_embeddings(name, load())[1]
    print("| set | engine | themes | NMI | ARI | NPMI | time | peak memory |")
    print("|---|---|---|---|---|---|---|---|")
    for name in SETS:
        ours = in_fresh_process("--one", name, "embeddings", "auto")
        runs = [
            ("ours, default (TF-IDF + NMF)", "default", "auto"),
            ("ours, embeddings (half-smoothed k-means)", "embeddings", "auto"),
            ("BERTopic, defaults (UMAP + HDBSCAN)", "BERTopic", "auto"),
            (f"BERTopic, k-means (k = {ours['themes']})", "BERTopic", str(ours["themes"])),
        ]
        if name.startswith("Polis"):
            runs += [
                ("ours, default, told k = 6", "default", "6"),
                ("ours, embeddings, told k = 6", "embeddings", "6"),
                ("BERTopic, k-means (k = 6)", "BERTopic", "6"),
            ]
        for label, engine, k in runs:
            figures = (
                ours if (engine, k) == ("embeddings", "auto") else in_fresh_process("--one", name, engine, k)
            )
            print(
                f"| {name} | {label} | {figures['themes']} | {figures['nmi']:.3f} | {figures['ari']:.3f} | "
                f"{figures['npmi']:.3f} | {figures['seconds']:.1f} s | {figures['peak_mib']:.0f} MiB |",
                flush=True,
            )
    print()
    print("| 10,000 comments (embedded beforehand) | themes | time | peak memory |")
    print("|---|---|---|---|")
    for label, engine in (("ours, default", "default"), ("ours, embeddings", "embeddings")):
        figures = in_fresh_process("--speed", engine)
        print(
            f"| {label} | {figures['themes']} | {figures['seconds']:.1f} s | {figures['peak_mib']:.0f} MiB |",
            flush=True,
        )
    print()
    print(
        "Embedding speed (all-MiniLM-L6-v2 int8, 2 threads): "
        + "; ".join(f"{name}: {per_second:.0f} comments/s" for name, per_second in speeds.items())
    )


if __name__ == "__main__":
    main()
