//! wasm-bindgen layer (placeholder, being written).
