import Foundation

/// The `adapter_config.json` PEFT reads next to `adapter_model.safetensors`
/// (`PeftModel.from_pretrained`). Only the fields that describe what SeedFL trained are set;
/// PEFT fills the rest with its defaults.
public struct PEFTAdapterConfig: Codable, Sendable, Equatable {
    public var peftType = "LORA"
    public var taskType = "CAUSAL_LM"
    /// The Hugging Face id (or path) of the base model the adapter applies to.
    public var baseModelNameOrPath: String
    public var r: Int
    public var loraAlpha: Float
    /// PEFT module names, e.g. `["q_proj", "v_proj"]`.
    public var targetModules: [String]
    public var loraDropout: Float = 0
    public var bias = "none"
    public var fanInFanOut = false
    public var inferenceMode = true

    enum CodingKeys: String, CodingKey {
        case peftType = "peft_type", taskType = "task_type", baseModelNameOrPath = "base_model_name_or_path"
        case r, loraAlpha = "lora_alpha", targetModules = "target_modules", loraDropout = "lora_dropout"
        case bias, fanInFanOut = "fan_in_fan_out", inferenceMode = "inference_mode"
    }

    /// The configuration of adapters trained with `options` on `baseModel`.
    public init(options: LoRAOptions, baseModel: String) {
        baseModelNameOrPath = baseModel
        r = options.rank
        loraAlpha = options.alpha
        targetModules = options.targets.map(\.moduleName)
    }

    /// Pretty-printed JSON with sorted keys (byte-stable across runs).
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }
}
