"""Bag of bigrams

Chapter 5's baseline, and no neural network: each review becomes the TF-IDF
weights of its words and word pairs (bigrams), 200,000 features learned from
the 20,000 fit reviews, and a logistic regression weighs them. The best LSTM
also uses this model, as one of its two teachers.
"""

import time

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from benchmarks.common import PARTS, load_split, scores
from helpers.results import trained_row
from helpers.text import standardize_review


def standardized(reviews: list[str]) -> list[str]:
    """Reviews standardized by chapter 4's ``standardize_review``, as the LSTMs see them."""
    return [text.decode() for text in standardize_review(reviews).numpy()]


def fit_bag_of_bigrams(texts: list[str], labels) -> tuple:
    """The fitted model, as a function from reviews to probabilities of being positive, and its parameter count."""
    tfidf = TfidfVectorizer(ngram_range=(1, 2), min_df=2, max_features=200_000, sublinear_tf=True)
    classifier = LogisticRegression(C=4.0, max_iter=1_000).fit(tfidf.fit_transform(standardized(texts)), labels)

    def probabilities(reviews: list[str]):
        return classifier.predict_proba(tfidf.transform(standardized(reviews)))[:, 1]

    return probabilities, classifier.coef_.size + classifier.intercept_.size


def run(seed: int) -> dict:
    """One fit; the seed changes nothing, as the solver is deterministic, and the runs record that it does not."""
    data = load_split()
    start = time.perf_counter()
    probabilities, params = fit_bag_of_bigrams(data.fit_texts, data.fit_labels)
    seconds = time.perf_counter() - start
    return trained_row(
        recipe="chapter 5's baseline: TF-IDF of words and bigrams (200k features), logistic regression, fit set",
        train_seconds=seconds,
        epoch_seconds=[seconds],
        params=params,
        **scores({part: probabilities(data.texts(part)) for part in PARTS}, data),
    )
