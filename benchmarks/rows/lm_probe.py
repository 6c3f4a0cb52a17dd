"""What the pretrained language model knows about sentiment: linear probes

A logistic regression (scikit-learn, features standardised) learns to read
sentiment from a fixed description of each fit review and is scored on the
film-disjoint validation reviews. Two descriptions: the mean of the review's
word vectors, and ULMFiT's concat pooling of the LSTM's outputs (the last
output, and the maximum and mean over the first 600 tokens). Each is computed
once with the pretrained language model's weights (``lm_pretraining``) and
once with random weights of the same shapes (Keras's initialisers, seed 0).
Nothing but the logistic regression is trained. If pretraining taught the
model about sentiment, its probes beat the random ones. The row also records
the nearest neighbours of a few opinion words among the pretrained word
vectors (cosine similarity).
"""

import keras
import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from benchmarks.common import load_split, token_ids
from benchmarks.language_model import classifier, pretrained
from helpers.data import load_imdb_unlabelled
from helpers.results import pack_correct

MAXLEN = 600
WORDS = ["good", "bad", "great", "awful", "boring"]


def pooled_features(model: keras.Model, token_lists: list[list[int]], batch_size: int = 256) -> np.ndarray:
    """The input of the classifier's output layer for every review, in input order (reviews sorted by length)."""
    order = np.argsort([len(ids) for ids in token_lists])
    features = keras.Model(model.inputs, model.get_layer("sentiment").input)
    found = np.empty((len(token_lists), features.output.shape[-1]), dtype="float32")
    for start in range(0, len(order), batch_size):
        chosen = order[start : start + batch_size]
        batch = keras.utils.pad_sequences([token_lists[i] for i in chosen], padding="post")
        found[chosen] = features.predict_on_batch(batch)
    return found


def mean_vectors(vectors: np.ndarray, token_lists: list[list[int]]) -> np.ndarray:
    return np.stack([vectors[ids].mean(axis=0) for ids in token_lists])


def probe(fit_features: np.ndarray, fit_labels: np.ndarray, validation_features: np.ndarray,
          validation_labels: np.ndarray) -> dict:
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=5_000))
    model.fit(fit_features, fit_labels)
    correct = model.predict(validation_features) == validation_labels
    return {"validation_accuracy": float(correct.mean()), "correct": {"validation": pack_correct(correct)},
            "fit_accuracy": float(model.score(fit_features, fit_labels)), "features": int(fit_features.shape[1])}


def neighbours(vectors: np.ndarray, vocabulary: list[str], word: str, count: int = 8) -> list[str]:
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    similarity = unit @ unit[vocabulary.index(word)]
    return [vocabulary[i] for i in np.argsort(-similarity)[1 : count + 1]]


def run(seed: int) -> dict:
    data = load_split()
    language_model, vectorizer, _ = pretrained(data, load_imdb_unlabelled())
    fit_ids = token_ids(vectorizer, data.fit_texts, MAXLEN)
    validation_ids = token_ids(vectorizer, data.validation_texts, MAXLEN)
    fit_labels, validation_labels = np.asarray(data.fit_labels), np.asarray(data.validation_labels)

    keras.utils.set_random_seed(seed)
    weights = {"random weights": classifier(dropout=0.0, pooling="concat")}
    weights["language model"] = classifier(dropout=0.0, pooling="concat")
    for name in ("embedding", "lstm"):
        weights["language model"].get_layer(name).set_weights(language_model.get_layer(name).get_weights())

    cases = []
    for start, model in weights.items():
        vectors = model.get_layer("embedding").get_weights()[0]
        described = {
            "mean of the word vectors": (mean_vectors(vectors, fit_ids), mean_vectors(vectors, validation_ids)),
            "concat pooling of the LSTM": (pooled_features(model, fit_ids), pooled_features(model, validation_ids)),
        }
        for description, (fit_features, validation_features) in described.items():
            case = {"name": f"{description}, {start}", "description": description, "start": start}
            case.update(probe(fit_features, fit_labels, validation_features, validation_labels))
            print({key: value for key, value in case.items() if key != "correct"}, flush=True)
            cases.append(case)
    vocabulary = vectorizer.get_vocabulary()
    vectors = language_model.get_layer("embedding").get_weights()[0]
    return {"recipe": __doc__.splitlines()[0], "cases": cases,
            "neighbours": {word: neighbours(vectors, vocabulary, word) for word in WORDS}}
