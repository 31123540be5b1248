"""The service's endpoints the catalog's operations are sent to, one record per path.

Adding an operation on one of these paths needs no change here; a new path needs one record here and a
reply in the stand-in (`conformance/standin/streams.py`, keyed by `operation_name`; a test names the gap).
"""

from __future__ import annotations

from conformance.catalog.operation import Endpoint

__all__ = [
    "AUDIO_SPEECH", "AUDIO_TRANSCRIPTIONS", "CHAT_COMPLETIONS", "COMPLETIONS", "EMBEDDINGS", "FINE_TUNING_JOBS",
    "IMAGE_GENERATIONS", "RESPONSES", "TEXT_KINDS",
]

# Text-generation deployments answer chat completions and the Responses API alike.
TEXT_KINDS = frozenset({"chat", "responses", "reasoning"})

AUDIO_SPEECH = Endpoint("/audio/speech", "AudioSpeech_Create", "audioSpeech", frozenset({"tts"}))
AUDIO_TRANSCRIPTIONS = Endpoint(
    "/audio/transcriptions", "AudioTranscriptions_Create", "audioTranscription", frozenset({"transcription"}))
CHAT_COMPLETIONS = Endpoint("/chat/completions", "ChatCompletions_Create", "chatCompletion", TEXT_KINDS)
COMPLETIONS = Endpoint("/completions", "Completions_Create", "completion", frozenset({"completions"}))
EMBEDDINGS = Endpoint("/embeddings", "Embeddings_Create", "embeddings", frozenset({"embeddings"}))
# Fine-tuning jobs name a base model, not a deployment, on both surfaces.
FINE_TUNING_JOBS = Endpoint("/fine_tuning/jobs", "FineTuningJobs_Create", None, frozenset(),
                            deployment_in_path=False)
IMAGE_GENERATIONS = Endpoint("/images/generations", "ImageGenerations_Create", "imageGeneration",
                             frozenset({"image"}))
# The Responses API takes the deployment as `model` on every surface.
RESPONSES = Endpoint("/responses", "Responses_Create", "responses", TEXT_KINDS, deployment_in_path=False)
