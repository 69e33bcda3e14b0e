import * as $protobuf from "protobufjs";
import Long = require("long");

/** Namespace vesta. */
export namespace vesta {

    /** Namespace events. */
    namespace events {

        /**
         * Properties of a BlockCut.
         * @deprecated Use vesta.events.BlockCut.$Properties instead.
         */
        interface IBlockCut extends vesta.events.BlockCut.$Properties {
        }

        /** Represents a BlockCut. */
        class BlockCut {

            /**
             * Constructs a new BlockCut.
             * @param [properties] Properties to set
             */
            constructor(properties?: vesta.events.BlockCut.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** BlockCut version. */
            version: number;

            /** BlockCut shard. */
            shard: number;

            /** BlockCut ulid. */
            ulid: string;

            /** BlockCut minTimeMs. */
            minTimeMs: (number|Long);

            /** BlockCut maxTimeMs. */
            maxTimeMs: (number|Long);

            /** BlockCut lastAppliedSeq. */
            lastAppliedSeq: (number|Long);

            /**
             * Creates a new BlockCut instance using the specified properties.
             * @param [properties] Properties to set
             * @returns BlockCut instance
             */
            static create(properties: vesta.events.BlockCut.$Shape): vesta.events.BlockCut & vesta.events.BlockCut.$Shape;
            static create(properties?: vesta.events.BlockCut.$Properties): vesta.events.BlockCut;

            /**
             * Encodes the specified BlockCut message. Does not implicitly {@link vesta.events.BlockCut.verify|verify} messages.
             * @param message BlockCut message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: vesta.events.BlockCut.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a BlockCut message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {vesta.events.BlockCut & vesta.events.BlockCut.$Shape} BlockCut
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): vesta.events.BlockCut & vesta.events.BlockCut.$Shape;

            /**
             * Verifies a BlockCut message.
             * @param message Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(message: { [k: string]: any }): (string|null);

            /**
             * Gets the type url for BlockCut
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace BlockCut {

            /** Properties of a BlockCut. */
            interface $Properties {

                /** BlockCut version */
                version?: (number|null);

                /** BlockCut shard */
                shard?: (number|null);

                /** BlockCut ulid */
                ulid?: (string|null);

                /** BlockCut minTimeMs */
                minTimeMs?: (number|Long|null);

                /** BlockCut maxTimeMs */
                maxTimeMs?: (number|Long|null);

                /** BlockCut lastAppliedSeq */
                lastAppliedSeq?: (number|Long|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a BlockCut. */
            type $Shape = vesta.events.BlockCut.$Properties;
        }

        /**
         * Properties of a BlockUploaded.
         * @deprecated Use vesta.events.BlockUploaded.$Properties instead.
         */
        interface IBlockUploaded extends vesta.events.BlockUploaded.$Properties {
        }

        /** Represents a BlockUploaded. */
        class BlockUploaded {

            /**
             * Constructs a new BlockUploaded.
             * @param [properties] Properties to set
             */
            constructor(properties?: vesta.events.BlockUploaded.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** BlockUploaded version. */
            version: number;

            /** BlockUploaded shard. */
            shard: number;

            /** BlockUploaded ulid. */
            ulid: string;

            /** BlockUploaded bucketPrefix. */
            bucketPrefix: string;

            /**
             * Creates a new BlockUploaded instance using the specified properties.
             * @param [properties] Properties to set
             * @returns BlockUploaded instance
             */
            static create(properties: vesta.events.BlockUploaded.$Shape): vesta.events.BlockUploaded & vesta.events.BlockUploaded.$Shape;
            static create(properties?: vesta.events.BlockUploaded.$Properties): vesta.events.BlockUploaded;

            /**
             * Encodes the specified BlockUploaded message. Does not implicitly {@link vesta.events.BlockUploaded.verify|verify} messages.
             * @param message BlockUploaded message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: vesta.events.BlockUploaded.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a BlockUploaded message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {vesta.events.BlockUploaded & vesta.events.BlockUploaded.$Shape} BlockUploaded
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): vesta.events.BlockUploaded & vesta.events.BlockUploaded.$Shape;

            /**
             * Verifies a BlockUploaded message.
             * @param message Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(message: { [k: string]: any }): (string|null);

            /**
             * Gets the type url for BlockUploaded
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace BlockUploaded {

            /** Properties of a BlockUploaded. */
            interface $Properties {

                /** BlockUploaded version */
                version?: (number|null);

                /** BlockUploaded shard */
                shard?: (number|null);

                /** BlockUploaded ulid */
                ulid?: (string|null);

                /** BlockUploaded bucketPrefix */
                bucketPrefix?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a BlockUploaded. */
            type $Shape = vesta.events.BlockUploaded.$Properties;
        }

        /**
         * Properties of a Checkpoint.
         * @deprecated Use vesta.events.Checkpoint.$Properties instead.
         */
        interface ICheckpoint extends vesta.events.Checkpoint.$Properties {
        }

        /** Represents a Checkpoint. */
        class Checkpoint {

            /**
             * Constructs a new Checkpoint.
             * @param [properties] Properties to set
             */
            constructor(properties?: vesta.events.Checkpoint.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Checkpoint version. */
            version: number;

            /** Checkpoint shard. */
            shard: number;

            /** Checkpoint logSeq. */
            logSeq: (number|Long);

            /** Checkpoint lastBlockUlid. */
            lastBlockUlid: string;

            /**
             * Creates a new Checkpoint instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Checkpoint instance
             */
            static create(properties: vesta.events.Checkpoint.$Shape): vesta.events.Checkpoint & vesta.events.Checkpoint.$Shape;
            static create(properties?: vesta.events.Checkpoint.$Properties): vesta.events.Checkpoint;

            /**
             * Encodes the specified Checkpoint message. Does not implicitly {@link vesta.events.Checkpoint.verify|verify} messages.
             * @param message Checkpoint message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: vesta.events.Checkpoint.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a Checkpoint message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {vesta.events.Checkpoint & vesta.events.Checkpoint.$Shape} Checkpoint
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): vesta.events.Checkpoint & vesta.events.Checkpoint.$Shape;

            /**
             * Verifies a Checkpoint message.
             * @param message Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(message: { [k: string]: any }): (string|null);

            /**
             * Gets the type url for Checkpoint
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace Checkpoint {

            /** Properties of a Checkpoint. */
            interface $Properties {

                /** Checkpoint version */
                version?: (number|null);

                /** Checkpoint shard */
                shard?: (number|null);

                /** Checkpoint logSeq */
                logSeq?: (number|Long|null);

                /** Checkpoint lastBlockUlid */
                lastBlockUlid?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a Checkpoint. */
            type $Shape = vesta.events.Checkpoint.$Properties;
        }

        /**
         * Properties of a Target.
         * @deprecated Use vesta.events.Target.$Properties instead.
         */
        interface ITarget extends vesta.events.Target.$Properties {
        }

        /** Represents a Target. */
        class Target {

            /**
             * Constructs a new Target.
             * @param [properties] Properties to set
             */
            constructor(properties?: vesta.events.Target.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Target labels. */
            labels: { [k: string]: string };

            /**
             * Creates a new Target instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Target instance
             */
            static create(properties: vesta.events.Target.$Shape): vesta.events.Target & vesta.events.Target.$Shape;
            static create(properties?: vesta.events.Target.$Properties): vesta.events.Target;

            /**
             * Encodes the specified Target message. Does not implicitly {@link vesta.events.Target.verify|verify} messages.
             * @param message Target message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: vesta.events.Target.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a Target message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {vesta.events.Target & vesta.events.Target.$Shape} Target
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): vesta.events.Target & vesta.events.Target.$Shape;

            /**
             * Verifies a Target message.
             * @param message Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(message: { [k: string]: any }): (string|null);

            /**
             * Gets the type url for Target
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace Target {

            /** Properties of a Target. */
            interface $Properties {

                /** Target labels */
                labels?: ({ [k: string]: string }|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a Target. */
            type $Shape = vesta.events.Target.$Properties;
        }

        /**
         * Properties of a TargetsChanged.
         * @deprecated Use vesta.events.TargetsChanged.$Properties instead.
         */
        interface ITargetsChanged extends vesta.events.TargetsChanged.$Properties {
        }

        /** Represents a TargetsChanged. */
        class TargetsChanged {

            /**
             * Constructs a new TargetsChanged.
             * @param [properties] Properties to set
             */
            constructor(properties?: vesta.events.TargetsChanged.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** TargetsChanged version. */
            version: number;

            /** TargetsChanged job. */
            job: string;

            /** TargetsChanged targets. */
            targets: vesta.events.Target.$Properties[];

            /**
             * Creates a new TargetsChanged instance using the specified properties.
             * @param [properties] Properties to set
             * @returns TargetsChanged instance
             */
            static create(properties: vesta.events.TargetsChanged.$Shape): vesta.events.TargetsChanged & vesta.events.TargetsChanged.$Shape;
            static create(properties?: vesta.events.TargetsChanged.$Properties): vesta.events.TargetsChanged;

            /**
             * Encodes the specified TargetsChanged message. Does not implicitly {@link vesta.events.TargetsChanged.verify|verify} messages.
             * @param message TargetsChanged message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: vesta.events.TargetsChanged.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a TargetsChanged message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {vesta.events.TargetsChanged & vesta.events.TargetsChanged.$Shape} TargetsChanged
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): vesta.events.TargetsChanged & vesta.events.TargetsChanged.$Shape;

            /**
             * Verifies a TargetsChanged message.
             * @param message Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(message: { [k: string]: any }): (string|null);

            /**
             * Gets the type url for TargetsChanged
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace TargetsChanged {

            /** Properties of a TargetsChanged. */
            interface $Properties {

                /** TargetsChanged version */
                version?: (number|null);

                /** TargetsChanged job */
                job?: (string|null);

                /** TargetsChanged targets */
                targets?: (vesta.events.Target.$Properties[]|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a TargetsChanged. */
            type $Shape = vesta.events.TargetsChanged.$Properties;
        }

        /**
         * Properties of an AlertStateChanged.
         * @deprecated Use vesta.events.AlertStateChanged.$Properties instead.
         */
        interface IAlertStateChanged extends vesta.events.AlertStateChanged.$Properties {
        }

        /** Represents an AlertStateChanged. */
        class AlertStateChanged {

            /**
             * Constructs a new AlertStateChanged.
             * @param [properties] Properties to set
             */
            constructor(properties?: vesta.events.AlertStateChanged.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** AlertStateChanged version. */
            version: number;

            /** AlertStateChanged ruleGroup. */
            ruleGroup: string;

            /** AlertStateChanged alertName. */
            alertName: string;

            /** AlertStateChanged labels. */
            labels: { [k: string]: string };

            /** AlertStateChanged state. */
            state: string;

            /** AlertStateChanged activeAtMs. */
            activeAtMs: (number|Long);

            /** AlertStateChanged atMs. */
            atMs: (number|Long);

            /** AlertStateChanged value. */
            value: number;

            /**
             * Creates a new AlertStateChanged instance using the specified properties.
             * @param [properties] Properties to set
             * @returns AlertStateChanged instance
             */
            static create(properties: vesta.events.AlertStateChanged.$Shape): vesta.events.AlertStateChanged & vesta.events.AlertStateChanged.$Shape;
            static create(properties?: vesta.events.AlertStateChanged.$Properties): vesta.events.AlertStateChanged;

            /**
             * Encodes the specified AlertStateChanged message. Does not implicitly {@link vesta.events.AlertStateChanged.verify|verify} messages.
             * @param message AlertStateChanged message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: vesta.events.AlertStateChanged.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an AlertStateChanged message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {vesta.events.AlertStateChanged & vesta.events.AlertStateChanged.$Shape} AlertStateChanged
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): vesta.events.AlertStateChanged & vesta.events.AlertStateChanged.$Shape;

            /**
             * Verifies an AlertStateChanged message.
             * @param message Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(message: { [k: string]: any }): (string|null);

            /**
             * Gets the type url for AlertStateChanged
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace AlertStateChanged {

            /** Properties of an AlertStateChanged. */
            interface $Properties {

                /** AlertStateChanged version */
                version?: (number|null);

                /** AlertStateChanged ruleGroup */
                ruleGroup?: (string|null);

                /** AlertStateChanged alertName */
                alertName?: (string|null);

                /** AlertStateChanged labels */
                labels?: ({ [k: string]: string }|null);

                /** AlertStateChanged state */
                state?: (string|null);

                /** AlertStateChanged activeAtMs */
                activeAtMs?: (number|Long|null);

                /** AlertStateChanged atMs */
                atMs?: (number|Long|null);

                /** AlertStateChanged value */
                value?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an AlertStateChanged. */
            type $Shape = vesta.events.AlertStateChanged.$Properties;
        }
    }

    /** Namespace ingest. */
    namespace ingest {

        /**
         * Properties of a Label.
         * @deprecated Use vesta.ingest.Label.$Properties instead.
         */
        interface ILabel extends vesta.ingest.Label.$Properties {
        }

        /** Represents a Label. */
        class Label {

            /**
             * Constructs a new Label.
             * @param [properties] Properties to set
             */
            constructor(properties?: vesta.ingest.Label.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Label name. */
            name: string;

            /** Label value. */
            value: string;

            /**
             * Creates a new Label instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Label instance
             */
            static create(properties: vesta.ingest.Label.$Shape): vesta.ingest.Label & vesta.ingest.Label.$Shape;
            static create(properties?: vesta.ingest.Label.$Properties): vesta.ingest.Label;

            /**
             * Encodes the specified Label message. Does not implicitly {@link vesta.ingest.Label.verify|verify} messages.
             * @param message Label message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: vesta.ingest.Label.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a Label message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {vesta.ingest.Label & vesta.ingest.Label.$Shape} Label
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): vesta.ingest.Label & vesta.ingest.Label.$Shape;

            /**
             * Verifies a Label message.
             * @param message Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(message: { [k: string]: any }): (string|null);

            /**
             * Gets the type url for Label
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace Label {

            /** Properties of a Label. */
            interface $Properties {

                /** Label name */
                name?: (string|null);

                /** Label value */
                value?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a Label. */
            type $Shape = vesta.ingest.Label.$Properties;
        }

        /**
         * Properties of a SeriesSamples.
         * @deprecated Use vesta.ingest.SeriesSamples.$Properties instead.
         */
        interface ISeriesSamples extends vesta.ingest.SeriesSamples.$Properties {
        }

        /** Represents a SeriesSamples. */
        class SeriesSamples {

            /**
             * Constructs a new SeriesSamples.
             * @param [properties] Properties to set
             */
            constructor(properties?: vesta.ingest.SeriesSamples.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** SeriesSamples labels. */
            labels: vesta.ingest.Label.$Properties[];

            /** SeriesSamples timestampsMs. */
            timestampsMs: (number|Long)[];

            /** SeriesSamples values. */
            values: number[];

            /**
             * Creates a new SeriesSamples instance using the specified properties.
             * @param [properties] Properties to set
             * @returns SeriesSamples instance
             */
            static create(properties: vesta.ingest.SeriesSamples.$Shape): vesta.ingest.SeriesSamples & vesta.ingest.SeriesSamples.$Shape;
            static create(properties?: vesta.ingest.SeriesSamples.$Properties): vesta.ingest.SeriesSamples;

            /**
             * Encodes the specified SeriesSamples message. Does not implicitly {@link vesta.ingest.SeriesSamples.verify|verify} messages.
             * @param message SeriesSamples message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: vesta.ingest.SeriesSamples.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a SeriesSamples message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {vesta.ingest.SeriesSamples & vesta.ingest.SeriesSamples.$Shape} SeriesSamples
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): vesta.ingest.SeriesSamples & vesta.ingest.SeriesSamples.$Shape;

            /**
             * Verifies a SeriesSamples message.
             * @param message Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(message: { [k: string]: any }): (string|null);

            /**
             * Gets the type url for SeriesSamples
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace SeriesSamples {

            /** Properties of a SeriesSamples. */
            interface $Properties {

                /** SeriesSamples labels */
                labels?: (vesta.ingest.Label.$Properties[]|null);

                /** SeriesSamples timestampsMs */
                timestampsMs?: ((number|Long)[]|null);

                /** SeriesSamples values */
                values?: (number[]|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a SeriesSamples. */
            type $Shape = vesta.ingest.SeriesSamples.$Properties;
        }

        /**
         * Properties of an Exemplar.
         * @deprecated Use vesta.ingest.Exemplar.$Properties instead.
         */
        interface IExemplar extends vesta.ingest.Exemplar.$Properties {
        }

        /** Represents an Exemplar. */
        class Exemplar {

            /**
             * Constructs a new Exemplar.
             * @param [properties] Properties to set
             */
            constructor(properties?: vesta.ingest.Exemplar.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Exemplar seriesLabels. */
            seriesLabels: vesta.ingest.Label.$Properties[];

            /** Exemplar labels. */
            labels: vesta.ingest.Label.$Properties[];

            /** Exemplar value. */
            value: number;

            /** Exemplar timestampMs. */
            timestampMs: (number|Long);

            /**
             * Creates a new Exemplar instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Exemplar instance
             */
            static create(properties: vesta.ingest.Exemplar.$Shape): vesta.ingest.Exemplar & vesta.ingest.Exemplar.$Shape;
            static create(properties?: vesta.ingest.Exemplar.$Properties): vesta.ingest.Exemplar;

            /**
             * Encodes the specified Exemplar message. Does not implicitly {@link vesta.ingest.Exemplar.verify|verify} messages.
             * @param message Exemplar message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: vesta.ingest.Exemplar.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an Exemplar message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {vesta.ingest.Exemplar & vesta.ingest.Exemplar.$Shape} Exemplar
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): vesta.ingest.Exemplar & vesta.ingest.Exemplar.$Shape;

            /**
             * Verifies an Exemplar message.
             * @param message Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(message: { [k: string]: any }): (string|null);

            /**
             * Gets the type url for Exemplar
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace Exemplar {

            /** Properties of an Exemplar. */
            interface $Properties {

                /** Exemplar seriesLabels */
                seriesLabels?: (vesta.ingest.Label.$Properties[]|null);

                /** Exemplar labels */
                labels?: (vesta.ingest.Label.$Properties[]|null);

                /** Exemplar value */
                value?: (number|null);

                /** Exemplar timestampMs */
                timestampMs?: (number|Long|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an Exemplar. */
            type $Shape = vesta.ingest.Exemplar.$Properties;
        }

        /**
         * Properties of a Metadata.
         * @deprecated Use vesta.ingest.Metadata.$Properties instead.
         */
        interface IMetadata extends vesta.ingest.Metadata.$Properties {
        }

        /** Represents a Metadata. */
        class Metadata {

            /**
             * Constructs a new Metadata.
             * @param [properties] Properties to set
             */
            constructor(properties?: vesta.ingest.Metadata.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Metadata metricFamily. */
            metricFamily: string;

            /** Metadata type. */
            type: string;

            /** Metadata help. */
            help: string;

            /** Metadata unit. */
            unit: string;

            /**
             * Creates a new Metadata instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Metadata instance
             */
            static create(properties: vesta.ingest.Metadata.$Shape): vesta.ingest.Metadata & vesta.ingest.Metadata.$Shape;
            static create(properties?: vesta.ingest.Metadata.$Properties): vesta.ingest.Metadata;

            /**
             * Encodes the specified Metadata message. Does not implicitly {@link vesta.ingest.Metadata.verify|verify} messages.
             * @param message Metadata message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: vesta.ingest.Metadata.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a Metadata message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {vesta.ingest.Metadata & vesta.ingest.Metadata.$Shape} Metadata
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): vesta.ingest.Metadata & vesta.ingest.Metadata.$Shape;

            /**
             * Verifies a Metadata message.
             * @param message Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(message: { [k: string]: any }): (string|null);

            /**
             * Gets the type url for Metadata
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace Metadata {

            /** Properties of a Metadata. */
            interface $Properties {

                /** Metadata metricFamily */
                metricFamily?: (string|null);

                /** Metadata type */
                type?: (string|null);

                /** Metadata help */
                help?: (string|null);

                /** Metadata unit */
                unit?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a Metadata. */
            type $Shape = vesta.ingest.Metadata.$Properties;
        }

        /**
         * Properties of an IngestBatch.
         * @deprecated Use vesta.ingest.IngestBatch.$Properties instead.
         */
        interface IIngestBatch extends vesta.ingest.IngestBatch.$Properties {
        }

        /** Represents an IngestBatch. */
        class IngestBatch {

            /**
             * Constructs a new IngestBatch.
             * @param [properties] Properties to set
             */
            constructor(properties?: vesta.ingest.IngestBatch.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** IngestBatch batchId. */
            batchId: string;

            /** IngestBatch source. */
            source: string;

            /** IngestBatch series. */
            series: vesta.ingest.SeriesSamples.$Properties[];

            /** IngestBatch exemplars. */
            exemplars: vesta.ingest.Exemplar.$Properties[];

            /** IngestBatch metadata. */
            metadata: vesta.ingest.Metadata.$Properties[];

            /**
             * Creates a new IngestBatch instance using the specified properties.
             * @param [properties] Properties to set
             * @returns IngestBatch instance
             */
            static create(properties: vesta.ingest.IngestBatch.$Shape): vesta.ingest.IngestBatch & vesta.ingest.IngestBatch.$Shape;
            static create(properties?: vesta.ingest.IngestBatch.$Properties): vesta.ingest.IngestBatch;

            /**
             * Encodes the specified IngestBatch message. Does not implicitly {@link vesta.ingest.IngestBatch.verify|verify} messages.
             * @param message IngestBatch message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: vesta.ingest.IngestBatch.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an IngestBatch message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {vesta.ingest.IngestBatch & vesta.ingest.IngestBatch.$Shape} IngestBatch
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): vesta.ingest.IngestBatch & vesta.ingest.IngestBatch.$Shape;

            /**
             * Verifies an IngestBatch message.
             * @param message Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(message: { [k: string]: any }): (string|null);

            /**
             * Gets the type url for IngestBatch
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace IngestBatch {

            /** Properties of an IngestBatch. */
            interface $Properties {

                /** IngestBatch batchId */
                batchId?: (string|null);

                /** IngestBatch source */
                source?: (string|null);

                /** IngestBatch series */
                series?: (vesta.ingest.SeriesSamples.$Properties[]|null);

                /** IngestBatch exemplars */
                exemplars?: (vesta.ingest.Exemplar.$Properties[]|null);

                /** IngestBatch metadata */
                metadata?: (vesta.ingest.Metadata.$Properties[]|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an IngestBatch. */
            type $Shape = vesta.ingest.IngestBatch.$Properties;
        }
    }

    /** Namespace scrape. */
    namespace scrape {

        /**
         * Properties of a ScrapeReport.
         * @deprecated Use vesta.scrape.ScrapeReport.$Properties instead.
         */
        interface IScrapeReport extends vesta.scrape.ScrapeReport.$Properties {
        }

        /** Represents a ScrapeReport. */
        class ScrapeReport {

            /**
             * Constructs a new ScrapeReport.
             * @param [properties] Properties to set
             */
            constructor(properties?: vesta.scrape.ScrapeReport.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** ScrapeReport scrapePool. */
            scrapePool: string;

            /** ScrapeReport targetKey. */
            targetKey: string;

            /** ScrapeReport scrapeUrl. */
            scrapeUrl: string;

            /** ScrapeReport startMs. */
            startMs: (number|Long);

            /** ScrapeReport durationSeconds. */
            durationSeconds: number;

            /** ScrapeReport up. */
            up: boolean;

            /** ScrapeReport error. */
            error: string;

            /** ScrapeReport samplesScraped. */
            samplesScraped: (number|Long);

            /** ScrapeReport samplesPostMetricRelabeling. */
            samplesPostMetricRelabeling: (number|Long);

            /** ScrapeReport seriesAdded. */
            seriesAdded: (number|Long);

            /**
             * Creates a new ScrapeReport instance using the specified properties.
             * @param [properties] Properties to set
             * @returns ScrapeReport instance
             */
            static create(properties: vesta.scrape.ScrapeReport.$Shape): vesta.scrape.ScrapeReport & vesta.scrape.ScrapeReport.$Shape;
            static create(properties?: vesta.scrape.ScrapeReport.$Properties): vesta.scrape.ScrapeReport;

            /**
             * Encodes the specified ScrapeReport message. Does not implicitly {@link vesta.scrape.ScrapeReport.verify|verify} messages.
             * @param message ScrapeReport message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: vesta.scrape.ScrapeReport.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a ScrapeReport message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {vesta.scrape.ScrapeReport & vesta.scrape.ScrapeReport.$Shape} ScrapeReport
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): vesta.scrape.ScrapeReport & vesta.scrape.ScrapeReport.$Shape;

            /**
             * Verifies a ScrapeReport message.
             * @param message Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(message: { [k: string]: any }): (string|null);

            /**
             * Gets the type url for ScrapeReport
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace ScrapeReport {

            /** Properties of a ScrapeReport. */
            interface $Properties {

                /** ScrapeReport scrapePool */
                scrapePool?: (string|null);

                /** ScrapeReport targetKey */
                targetKey?: (string|null);

                /** ScrapeReport scrapeUrl */
                scrapeUrl?: (string|null);

                /** ScrapeReport startMs */
                startMs?: (number|Long|null);

                /** ScrapeReport durationSeconds */
                durationSeconds?: (number|null);

                /** ScrapeReport up */
                up?: (boolean|null);

                /** ScrapeReport error */
                error?: (string|null);

                /** ScrapeReport samplesScraped */
                samplesScraped?: (number|Long|null);

                /** ScrapeReport samplesPostMetricRelabeling */
                samplesPostMetricRelabeling?: (number|Long|null);

                /** ScrapeReport seriesAdded */
                seriesAdded?: (number|Long|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a ScrapeReport. */
            type $Shape = vesta.scrape.ScrapeReport.$Properties;
        }
    }
}
