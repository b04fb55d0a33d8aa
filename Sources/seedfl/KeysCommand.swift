import ArgumentParser
import Foundation
import SeedFLNode

/// `seedfl keys generate|list --topology FILE`: the CURVE keys of a secure topology.
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Make and show the CURVE keys and allow-list of a topology with a security: section.",
        subcommands: [Generate.self, List.self])

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a key pair for every role and id of the topology that has none (secret files mode 0600), and write the allow-list.")
        @Option(help: "Topology file with a security: section.") var topology: String

        func run() throws {
            let (t, security) = try KeysCommand.load(topology)
            let entries = try KeyFolder.generate(deployment: t.deployment, clients: t.run.clients,
                                                 folder: security.keys, allowList: security.allowList)
            for e in entries {
                print("\(e.identity.description.padding(toLength: 20, withPad: " ", startingAt: 0)) \(e.publicKey.z85)  \(e.created ? "new" : "kept")")
            }
            print("\(entries.filter(\.created).count) new key pairs in \(security.keys); allow-list \(security.allowList)")
            if !security.roleKeys.isEmpty {
                print("role_keys is set: copy each role's .key_secret and the servers' .key files into its folder")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show each identity's public key and whether the allow-list admits it.")
        @Option(help: "Topology file with a security: section.") var topology: String

        func run() throws {
            let (t, security) = try KeysCommand.load(topology)
            for e in try KeyFolder.list(deployment: t.deployment, clients: t.run.clients,
                                        folder: security.keys, allowList: security.allowList) {
                let name = e.identity.description.padding(toLength: 20, withPad: " ", startingAt: 0)
                let state = e.identity == .broker ? "server only" : (e.allowed ? "allowed" : "NOT on the allow-list")
                print("\(name) \(e.publicKey?.z85 ?? "(no key)".padding(toLength: 40, withPad: " ", startingAt: 0))  \(state)")
            }
        }
    }

    static func load(_ path: String) throws -> (TopologyFile, SecurityConfig) {
        let t = try TopologyFile.load(path: path)
        guard let security = t.deployment.security else {
            throw ValidationError("\(path) has no security: section; add one (see Topologies/secure-tcp.yaml)")
        }
        return (t, security)
    }
}
