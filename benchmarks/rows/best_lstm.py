"""The book's best LSTM

A bidirectional LSTM reads up to 1,000 tokens of a review, and the classifier
sees the largest and the mean value of each of its outputs over all the words.
Its word vectors start from PPMI-SVD vectors learned on the fit reviews and
the 50,000 unlabelled ones. This network, trained on the 20,000 fit reviews,
is the teacher; together with the bag of bigrams it gives each unlabelled
review a probability of being positive. A student, the same network started
afresh, then trains on the fit reviews' labels and those probabilities. The
student, an LSTM alone, is the model scored; everything before it counts as
training time. For chapter 9, the row also scores a vote of the student and
the bag of bigrams, weighted on validation as the teachers are (``vote_*``).
"""

import time

import keras
import numpy as np
from keras import layers

from benchmarks.common import PARTS, accuracy, compile_and_fit, load_split, scores, token_ids
from benchmarks.rows.bag_of_bigrams import fit_bag_of_bigrams
from helpers.data import load_imdb_unlabelled
from helpers.embeddings import cooccurrence_counts, ppmi_matrix, svd_embeddings
from helpers.evaluation import binary_cross_entropy
from helpers.layers import MaskedGlobalMaxPooling1D
from helpers.results import trained_row
from helpers.text import standardize_review
from helpers.training import bucketed_dataset, predict_in_buckets

VOCABULARY_SIZE = 20_000
MAXLEN = 1_000
EMBEDDING_DIM = 128


def pooled_bilstm(vocabulary_size, vectors=None):
    """Embedding -> Bidirectional LSTM at every word -> max and mean over time -> Dense."""
    initializer = "uniform" if vectors is None else keras.initializers.Constant(vectors)
    inputs = keras.Input(shape=(None,), dtype="int32")
    x = layers.Embedding(vocabulary_size, EMBEDDING_DIM, mask_zero=True, embeddings_initializer=initializer)(inputs)
    x = layers.SpatialDropout1D(0.3)(x)
    x = layers.Bidirectional(layers.LSTM(64, dropout=0.25, return_sequences=True))(x)
    x = layers.Concatenate()([MaskedGlobalMaxPooling1D()(x), layers.GlobalAveragePooling1D()(x)])
    x = layers.Dropout(0.5)(x)
    outputs = layers.Dense(1, activation="sigmoid")(x)
    return keras.Model(inputs, outputs)


def train(model, ids, targets, validation_batches, seed):
    """Chapter 5's training on batches of 32 similar-length reviews, for at most 2 epochs (patience 1)."""
    train_batches = bucketed_dataset(ids, targets, 32, shuffle=True, seed=seed)
    return compile_and_fit(model, train_batches, validation_batches, max_epochs=2, patience=1, clipnorm=1.0)


def teacher_weight(lstm, bigrams, labels):
    """The weight w in 0, 0.1, ..., 1 whose mix w * lstm + (1 - w) * bigrams has the lowest log loss."""
    return min(
        (step / 10 for step in range(11)),
        key=lambda weight: binary_cross_entropy(labels, weight * lstm + (1 - weight) * bigrams),
    )


def run(seed: int) -> dict:
    # 1. Word vectors from the fit reviews and the unlabelled ones (never the validation or test reviews).
    start = time.perf_counter()
    data = load_split()
    unlabelled = load_imdb_unlabelled()
    vectorizer = layers.TextVectorization(max_tokens=VOCABULARY_SIZE, standardize=standardize_review, ragged=True)
    vectorizer.adapt(data.fit_texts + unlabelled, batch_size=1024)
    vocabulary_size = vectorizer.vocabulary_size()
    counts = cooccurrence_counts(vectorizer(data.fit_texts + unlabelled).to_list(), vocabulary_size, window=5)
    vectors = svd_embeddings(ppmi_matrix(counts), dimensions=EMBEDDING_DIM)
    del counts
    embedding_seconds = time.perf_counter() - start

    fit_ids, unlabelled_ids = (token_ids(vectorizer, texts, MAXLEN) for texts in (data.fit_texts, unlabelled))
    ids = {part: token_ids(vectorizer, data.texts(part), MAXLEN) for part in PARTS}
    validation_ids = ids["validation"]
    validation_batches = bucketed_dataset(validation_ids, data.validation_labels, 256)

    # 2. The teachers: the pooled LSTM and the bag of bigrams, both on the fit reviews only.
    keras.utils.set_random_seed(seed)
    teacher = pooled_bilstm(vocabulary_size, vectors)
    teacher_fit = train(teacher, fit_ids, data.fit_labels, validation_batches, seed=seed)
    start = time.perf_counter()
    bigram_probabilities, _ = fit_bag_of_bigrams(data.fit_texts, data.fit_labels)
    bigram_seconds = time.perf_counter() - start

    # 3. Their mix, weighted by the validation loss, labels the unlabelled reviews.
    start = time.perf_counter()
    teacher_validation = predict_in_buckets(teacher, validation_ids)
    bigram_validation = bigram_probabilities(data.validation_texts)
    weight = teacher_weight(teacher_validation, bigram_validation, data.validation_labels)
    soft_labels = weight * predict_in_buckets(teacher, unlabelled_ids) + (1 - weight) * bigram_probabilities(unlabelled)
    labelling_seconds = time.perf_counter() - start

    # 4. The student learns from the fit labels and the soft labels together.
    keras.utils.set_random_seed(seed + 1)
    student = pooled_bilstm(vocabulary_size, vectors)
    student_fit = train(
        student,
        fit_ids + unlabelled_ids,
        np.concatenate([data.fit_labels, soft_labels]).astype("float32"),
        validation_batches,
        seed=seed + 1,
    )

    # 5. Only the student, the model the book recommends, is scored on test; the teacher on validation alone.
    student_scores = {part: predict_in_buckets(student, ids[part]) for part in PARTS}
    teacher_scores = scores({"validation": teacher_validation}, data)

    # 6. For chapter 9: a vote of the student and the bag of bigrams, its weight chosen on validation as above.
    vote_weight = teacher_weight(student_scores["validation"].reshape(-1), bigram_validation, data.validation_labels)
    vote = scores({part: vote_weight * student_scores[part].reshape(-1)
                   + (1 - vote_weight) * bigram_probabilities(data.texts(part)) for part in PARTS}, data)
    return trained_row(
        recipe="vocab 20k, first 1,000 tokens, length buckets + mask; PPMI-SVD vectors (128) from fit + 50k unlabelled "
        "reviews > BiLSTM 64 > max and mean over time > Dense; teachers (this LSTM and the bag of bigrams, mixed) "
        "label the unlabelled reviews, a student LSTM trains on fit labels + their probabilities; batch 32, Adam "
        "halving each epoch, early stopping",
        train_seconds=embedding_seconds + teacher_fit.seconds + bigram_seconds + labelling_seconds + student_fit.seconds,
        epoch_seconds=teacher_fit.epoch_seconds + student_fit.epoch_seconds,
        params=student.count_params(),
        history=student_fit.history,
        teacher_history=teacher_fit.history,
        best_epoch=student_fit.best_epoch,
        **scores(student_scores, data),
        embedding_seconds=embedding_seconds,
        teacher_seconds=teacher_fit.seconds,
        bigram_seconds=bigram_seconds,
        labelling_seconds=labelling_seconds,
        student_seconds=student_fit.seconds,
        teacher_validation_accuracy=teacher_scores["validation_accuracy"],
        teacher_correct=teacher_scores["correct"],
        teacher_weight=weight,
        mixed_teachers_validation_accuracy=accuracy(
            weight * teacher_validation + (1 - weight) * bigram_validation, data.validation_labels
        ),
        unlabelled_share_positive=float((soft_labels >= 0.5).mean()),
        vote_weight=vote_weight,
        **{f"vote_{part}_accuracy": vote[f"{part}_accuracy"] for part in PARTS},
        vote_correct=vote["correct"],
    )
