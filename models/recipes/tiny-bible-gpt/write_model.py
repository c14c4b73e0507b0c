"""Writes a trained checkpoint as a hub-layout model folder: config.json, generation_config.json,
tokenizer.json, tokenizer_config.json and onnx/model.onnx (with KV cache, see causal_lm.py).

Usage: write_model.py CHECKPOINT TOKENIZER_JSON OUT_DIR
"""

import json
import shutil
import sys
from pathlib import Path

import torch

import bpe
import causal_lm
import export_onnx


def write_json(path: Path, value) -> None:
    path.write_text(json.dumps(value, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def tokenizer_config(max_length: int, specials: list[str], roles: dict, chat_template: str | None = None) -> dict:
    """GPT-2's tokenizer_config.json layout; roles maps bos_token/eos_token/unk_token/pad_token to tokens."""
    decoder = {
        str(i): {"content": token, "lstrip": False, "normalized": True, "rstrip": False, "single_word": False, "special": True}
        for i, token in enumerate(specials)
    }
    config = {
        "add_bos_token": False,
        "add_prefix_space": False,
        "added_tokens_decoder": decoder,
        **roles,
        "clean_up_tokenization_spaces": False,
        "model_max_length": max_length,
        "tokenizer_class": "GPT2Tokenizer",
    }
    if chat_template is not None:
        config["chat_template"] = chat_template
    return config


def write_folder(model, config: dict, tokenizer_json: Path, out: Path, use_cache: bool = True, chat_template=None) -> None:
    (out / "onnx").mkdir(parents=True, exist_ok=True)
    write_json(out / "config.json", {**config, "use_cache": use_cache})
    write_json(
        out / "generation_config.json",
        {"bos_token_id": config["bos_token_id"], "eos_token_id": config["eos_token_id"]},
    )
    shutil.copyfile(tokenizer_json, out / "tokenizer.json")
    max_length = config.get("n_positions") or config["max_position_embeddings"]
    # Special tokens are the first ids (bpe.py); the config's ids name their roles.
    specials = bpe.Tokenizer.from_json(tokenizer_json).specials
    roles = {"bos_token": specials[config["bos_token_id"]], "eos_token": specials[config["eos_token_id"]]}
    roles["unk_token"] = specials[0]
    if "pad_token_id" in config:
        roles["pad_token"] = specials[config["pad_token_id"]]
    write_json(out / "tokenizer_config.json", tokenizer_config(max_length, specials, roles, chat_template))
    export_onnx.export(model, config, str(out / "onnx" / "model.onnx"), use_cache=use_cache)


def main() -> None:
    checkpoint_path, tokenizer_json, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    checkpoint = torch.load(checkpoint_path)
    model = causal_lm.build(checkpoint["config"])
    model.load_state_dict(checkpoint["state_dict"])
    # The tokenizer.json as written by bpe.py, re-serialised with a stable layout.
    tokenizer = bpe.Tokenizer.from_json(tokenizer_json)
    tmp = out / "tokenizer.json.tmp"
    out.mkdir(parents=True, exist_ok=True)
    write_json(tmp, tokenizer.tokenizer_json())
    write_folder(model, checkpoint["config"], tmp, out)
    tmp.unlink()
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
