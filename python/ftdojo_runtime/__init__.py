"""ftdojo's Python side: scripts the TypeScript runtime runs in the environment `ftdojo setup` installs.

Run them as modules, `python -m ftdojo_runtime.<name>`, with the repo's python/ folder on
PYTHONPATH (src/runtime/python-env's runPython sets it up, with HF_HUB_OFFLINE=1 and
OMP_NUM_THREADS). Scripts speak JSON lines on stdout; everything else goes to stderr.

  convert_model   converts the embedded SmolLM2-135M-Instruct GGUF into a transformers folder, once
  model_checks    the checks a converted folder must pass (also runnable on a folder alone)
  generate        batched greedy generation for evaluation (vllm_generate: its vLLM engine, on a GPU;
                  choice_decoding: constrained choice decoding for multiple-choice tasks)
  describe_engine what generate would record of its engine (hashes, template, versions), without loading the model
  worker          the run's warm worker: trainings (LLaMA-Factory's run_exp) and generation served by
                  one process, JSON lines in and out (worker_isolation: what keeps requests apart;
                  model_cache: the tokenizer and base model kept between generations)
  device_probe    what the runtime sees of this machine: GPUs, CUDA, bf16, flash-attn, vLLM, bitsandbytes, deepspeed
  prompt_renderer renders prompts through LLaMA-Factory's template, exactly as training sees them
  gguf_tokenizer, embedded_gguf, weight_hashes   helpers of the conversion and the fingerprint
  measure_throughput   the bench's batched vs one-at-a-time generation
  llamafactory_keys    prints every key the installed LLaMA-Factory `train` accepts, and its templates
                       (the snapshot src/runtime/llamafactory/llamafactory-keys.json; npm run gen:lf-keys)
  llm_gateway     the client sandboxed data scripts use to reach the LLM gateway (standard library only)

Importing this package imports nothing heavy (no torch): keep it that way.
"""

EMBEDDED_MODEL_NAME = "SmolLM2-135M-Instruct"
