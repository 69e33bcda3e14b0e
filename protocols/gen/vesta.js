/*eslint-disable block-scoped-var, id-length, no-control-regex, no-magic-numbers, no-mixed-operators, no-prototype-builtins, no-redeclare, no-shadow, no-var, sort-vars, default-case, jsdoc/require-param*/
import $protobuf from "protobufjs/minimal.js";

// Common aliases
const $Reader = $protobuf.Reader, $Writer = $protobuf.Writer, $util = $protobuf.util;
const $Object = $util.global.Object, $undefined = $util.global.undefined, $Error = $util.global.Error, $RangeError = $util.global.RangeError, $Array = $util.global.Array;

// Exported root namespace
const $root = $protobuf.roots["default"] || ($protobuf.roots["default"] = {});

export const vesta = $root.vesta = (() => {

    /**
     * Namespace vesta.
     * @exports vesta
     * @namespace
     */
    const vesta = {};

    vesta.events = (function() {

        /**
         * Namespace events.
         * @memberof vesta
         * @namespace
         */
        const events = {};

        events.BlockCut = (function() {

            /**
             * Properties of a BlockCut.
             * @typedef {Object} vesta.events.BlockCut.$Properties
             * @property {number|null} [version] BlockCut version
             * @property {number|null} [shard] BlockCut shard
             * @property {string|null} [ulid] BlockCut ulid
             * @property {number|Long|null} [minTimeMs] BlockCut minTimeMs
             * @property {number|Long|null} [maxTimeMs] BlockCut maxTimeMs
             * @property {number|Long|null} [lastAppliedSeq] BlockCut lastAppliedSeq
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a BlockCut.
             * @memberof vesta.events
             * @interface IBlockCut
             * @augments vesta.events.BlockCut.$Properties
             * @deprecated Use vesta.events.BlockCut.$Properties instead.
             */

            /**
             * Shape of a BlockCut.
             * @typedef {vesta.events.BlockCut.$Properties} vesta.events.BlockCut.$Shape
             */

            /**
             * Constructs a new BlockCut.
             * @memberof vesta.events
             * @classdesc Represents a BlockCut.
             * @constructor
             * @param {vesta.events.BlockCut.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const BlockCut = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * BlockCut version.
             * @member {number} version
             * @memberof vesta.events.BlockCut
             * @instance
             */
            BlockCut.prototype.version = 0;

            /**
             * BlockCut shard.
             * @member {number} shard
             * @memberof vesta.events.BlockCut
             * @instance
             */
            BlockCut.prototype.shard = 0;

            /**
             * BlockCut ulid.
             * @member {string} ulid
             * @memberof vesta.events.BlockCut
             * @instance
             */
            BlockCut.prototype.ulid = "";

            /**
             * BlockCut minTimeMs.
             * @member {number|Long} minTimeMs
             * @memberof vesta.events.BlockCut
             * @instance
             */
            BlockCut.prototype.minTimeMs = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * BlockCut maxTimeMs.
             * @member {number|Long} maxTimeMs
             * @memberof vesta.events.BlockCut
             * @instance
             */
            BlockCut.prototype.maxTimeMs = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * BlockCut lastAppliedSeq.
             * @member {number|Long} lastAppliedSeq
             * @memberof vesta.events.BlockCut
             * @instance
             */
            BlockCut.prototype.lastAppliedSeq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Creates a new BlockCut instance using the specified properties.
             * @function create
             * @memberof vesta.events.BlockCut
             * @static
             * @param {vesta.events.BlockCut.$Properties=} [properties] Properties to set
             * @returns {vesta.events.BlockCut} BlockCut instance
             * @type {{
             *   (properties: vesta.events.BlockCut.$Shape): vesta.events.BlockCut & vesta.events.BlockCut.$Shape;
             *   (properties?: vesta.events.BlockCut.$Properties): vesta.events.BlockCut;
             * }}
             */
            BlockCut.create = function(properties) {
                return new BlockCut(properties);
            };

            /**
             * Encodes the specified BlockCut message. Does not implicitly {@link vesta.events.BlockCut.verify|verify} messages.
             * @function encode
             * @memberof vesta.events.BlockCut
             * @static
             * @param {vesta.events.BlockCut.$Properties} message BlockCut message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            BlockCut.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.version != null && $Object.hasOwnProperty.call(message, "version") && message.version !== 0)
                    writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.version);
                if (message.shard != null && $Object.hasOwnProperty.call(message, "shard") && message.shard !== 0)
                    writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.shard);
                if (message.ulid != null && $Object.hasOwnProperty.call(message, "ulid") && message.ulid !== "")
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.ulid);
                if (message.minTimeMs != null && $Object.hasOwnProperty.call(message, "minTimeMs") && (typeof message.minTimeMs === "object" ? message.minTimeMs.low || message.minTimeMs.high : message.minTimeMs !== 0))
                    writer.uint32(/* id 4, wireType 0 =*/32).int64(message.minTimeMs);
                if (message.maxTimeMs != null && $Object.hasOwnProperty.call(message, "maxTimeMs") && (typeof message.maxTimeMs === "object" ? message.maxTimeMs.low || message.maxTimeMs.high : message.maxTimeMs !== 0))
                    writer.uint32(/* id 5, wireType 0 =*/40).int64(message.maxTimeMs);
                if (message.lastAppliedSeq != null && $Object.hasOwnProperty.call(message, "lastAppliedSeq") && (typeof message.lastAppliedSeq === "object" ? message.lastAppliedSeq.low || message.lastAppliedSeq.high : message.lastAppliedSeq !== 0))
                    writer.uint32(/* id 6, wireType 0 =*/48).uint64(message.lastAppliedSeq);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a BlockCut message from the specified reader or buffer.
             * @function decode
             * @memberof vesta.events.BlockCut
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {vesta.events.BlockCut & vesta.events.BlockCut.$Shape} BlockCut
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            BlockCut.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.vesta.events.BlockCut();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.version = value;
                            else
                                delete message.version;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.shard = value;
                            else
                                delete message.shard;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.ulid = value;
                            else
                                delete message.ulid;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.minTimeMs = value;
                            else
                                delete message.minTimeMs;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.maxTimeMs = value;
                            else
                                delete message.maxTimeMs;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.lastAppliedSeq = value;
                            else
                                delete message.lastAppliedSeq;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Verifies a BlockCut message.
             * @function verify
             * @memberof vesta.events.BlockCut
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            BlockCut.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.version != null && $Object.hasOwnProperty.call(message, "version"))
                    if (!$util.isInteger(message.version))
                        return "version: integer expected";
                if (message.shard != null && $Object.hasOwnProperty.call(message, "shard"))
                    if (!$util.isInteger(message.shard))
                        return "shard: integer expected";
                if (message.ulid != null && $Object.hasOwnProperty.call(message, "ulid"))
                    if (!$util.isString(message.ulid))
                        return "ulid: string expected";
                if (message.minTimeMs != null && $Object.hasOwnProperty.call(message, "minTimeMs"))
                    if (!$util.isInteger(message.minTimeMs) && !(message.minTimeMs && $util.isInteger(message.minTimeMs.low) && $util.isInteger(message.minTimeMs.high)))
                        return "minTimeMs: integer|Long expected";
                if (message.maxTimeMs != null && $Object.hasOwnProperty.call(message, "maxTimeMs"))
                    if (!$util.isInteger(message.maxTimeMs) && !(message.maxTimeMs && $util.isInteger(message.maxTimeMs.low) && $util.isInteger(message.maxTimeMs.high)))
                        return "maxTimeMs: integer|Long expected";
                if (message.lastAppliedSeq != null && $Object.hasOwnProperty.call(message, "lastAppliedSeq"))
                    if (!$util.isInteger(message.lastAppliedSeq) && !(message.lastAppliedSeq && $util.isInteger(message.lastAppliedSeq.low) && $util.isInteger(message.lastAppliedSeq.high)))
                        return "lastAppliedSeq: integer|Long expected";
                return null;
            };

            /**
             * Gets the type url for BlockCut
             * @function getTypeUrl
             * @memberof vesta.events.BlockCut
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            BlockCut.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/vesta.events.BlockCut";
            };

            return BlockCut;
        })();

        events.BlockUploaded = (function() {

            /**
             * Properties of a BlockUploaded.
             * @typedef {Object} vesta.events.BlockUploaded.$Properties
             * @property {number|null} [version] BlockUploaded version
             * @property {number|null} [shard] BlockUploaded shard
             * @property {string|null} [ulid] BlockUploaded ulid
             * @property {string|null} [bucketPrefix] BlockUploaded bucketPrefix
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a BlockUploaded.
             * @memberof vesta.events
             * @interface IBlockUploaded
             * @augments vesta.events.BlockUploaded.$Properties
             * @deprecated Use vesta.events.BlockUploaded.$Properties instead.
             */

            /**
             * Shape of a BlockUploaded.
             * @typedef {vesta.events.BlockUploaded.$Properties} vesta.events.BlockUploaded.$Shape
             */

            /**
             * Constructs a new BlockUploaded.
             * @memberof vesta.events
             * @classdesc Represents a BlockUploaded.
             * @constructor
             * @param {vesta.events.BlockUploaded.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const BlockUploaded = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * BlockUploaded version.
             * @member {number} version
             * @memberof vesta.events.BlockUploaded
             * @instance
             */
            BlockUploaded.prototype.version = 0;

            /**
             * BlockUploaded shard.
             * @member {number} shard
             * @memberof vesta.events.BlockUploaded
             * @instance
             */
            BlockUploaded.prototype.shard = 0;

            /**
             * BlockUploaded ulid.
             * @member {string} ulid
             * @memberof vesta.events.BlockUploaded
             * @instance
             */
            BlockUploaded.prototype.ulid = "";

            /**
             * BlockUploaded bucketPrefix.
             * @member {string} bucketPrefix
             * @memberof vesta.events.BlockUploaded
             * @instance
             */
            BlockUploaded.prototype.bucketPrefix = "";

            /**
             * Creates a new BlockUploaded instance using the specified properties.
             * @function create
             * @memberof vesta.events.BlockUploaded
             * @static
             * @param {vesta.events.BlockUploaded.$Properties=} [properties] Properties to set
             * @returns {vesta.events.BlockUploaded} BlockUploaded instance
             * @type {{
             *   (properties: vesta.events.BlockUploaded.$Shape): vesta.events.BlockUploaded & vesta.events.BlockUploaded.$Shape;
             *   (properties?: vesta.events.BlockUploaded.$Properties): vesta.events.BlockUploaded;
             * }}
             */
            BlockUploaded.create = function(properties) {
                return new BlockUploaded(properties);
            };

            /**
             * Encodes the specified BlockUploaded message. Does not implicitly {@link vesta.events.BlockUploaded.verify|verify} messages.
             * @function encode
             * @memberof vesta.events.BlockUploaded
             * @static
             * @param {vesta.events.BlockUploaded.$Properties} message BlockUploaded message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            BlockUploaded.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.version != null && $Object.hasOwnProperty.call(message, "version") && message.version !== 0)
                    writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.version);
                if (message.shard != null && $Object.hasOwnProperty.call(message, "shard") && message.shard !== 0)
                    writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.shard);
                if (message.ulid != null && $Object.hasOwnProperty.call(message, "ulid") && message.ulid !== "")
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.ulid);
                if (message.bucketPrefix != null && $Object.hasOwnProperty.call(message, "bucketPrefix") && message.bucketPrefix !== "")
                    writer.uint32(/* id 4, wireType 2 =*/34).string(message.bucketPrefix);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a BlockUploaded message from the specified reader or buffer.
             * @function decode
             * @memberof vesta.events.BlockUploaded
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {vesta.events.BlockUploaded & vesta.events.BlockUploaded.$Shape} BlockUploaded
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            BlockUploaded.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.vesta.events.BlockUploaded();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.version = value;
                            else
                                delete message.version;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.shard = value;
                            else
                                delete message.shard;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.ulid = value;
                            else
                                delete message.ulid;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.bucketPrefix = value;
                            else
                                delete message.bucketPrefix;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Verifies a BlockUploaded message.
             * @function verify
             * @memberof vesta.events.BlockUploaded
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            BlockUploaded.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.version != null && $Object.hasOwnProperty.call(message, "version"))
                    if (!$util.isInteger(message.version))
                        return "version: integer expected";
                if (message.shard != null && $Object.hasOwnProperty.call(message, "shard"))
                    if (!$util.isInteger(message.shard))
                        return "shard: integer expected";
                if (message.ulid != null && $Object.hasOwnProperty.call(message, "ulid"))
                    if (!$util.isString(message.ulid))
                        return "ulid: string expected";
                if (message.bucketPrefix != null && $Object.hasOwnProperty.call(message, "bucketPrefix"))
                    if (!$util.isString(message.bucketPrefix))
                        return "bucketPrefix: string expected";
                return null;
            };

            /**
             * Gets the type url for BlockUploaded
             * @function getTypeUrl
             * @memberof vesta.events.BlockUploaded
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            BlockUploaded.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/vesta.events.BlockUploaded";
            };

            return BlockUploaded;
        })();

        events.Checkpoint = (function() {

            /**
             * Properties of a Checkpoint.
             * @typedef {Object} vesta.events.Checkpoint.$Properties
             * @property {number|null} [version] Checkpoint version
             * @property {number|null} [shard] Checkpoint shard
             * @property {number|Long|null} [logSeq] Checkpoint logSeq
             * @property {string|null} [lastBlockUlid] Checkpoint lastBlockUlid
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Checkpoint.
             * @memberof vesta.events
             * @interface ICheckpoint
             * @augments vesta.events.Checkpoint.$Properties
             * @deprecated Use vesta.events.Checkpoint.$Properties instead.
             */

            /**
             * Shape of a Checkpoint.
             * @typedef {vesta.events.Checkpoint.$Properties} vesta.events.Checkpoint.$Shape
             */

            /**
             * Constructs a new Checkpoint.
             * @memberof vesta.events
             * @classdesc Represents a Checkpoint.
             * @constructor
             * @param {vesta.events.Checkpoint.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Checkpoint = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Checkpoint version.
             * @member {number} version
             * @memberof vesta.events.Checkpoint
             * @instance
             */
            Checkpoint.prototype.version = 0;

            /**
             * Checkpoint shard.
             * @member {number} shard
             * @memberof vesta.events.Checkpoint
             * @instance
             */
            Checkpoint.prototype.shard = 0;

            /**
             * Checkpoint logSeq.
             * @member {number|Long} logSeq
             * @memberof vesta.events.Checkpoint
             * @instance
             */
            Checkpoint.prototype.logSeq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Checkpoint lastBlockUlid.
             * @member {string} lastBlockUlid
             * @memberof vesta.events.Checkpoint
             * @instance
             */
            Checkpoint.prototype.lastBlockUlid = "";

            /**
             * Creates a new Checkpoint instance using the specified properties.
             * @function create
             * @memberof vesta.events.Checkpoint
             * @static
             * @param {vesta.events.Checkpoint.$Properties=} [properties] Properties to set
             * @returns {vesta.events.Checkpoint} Checkpoint instance
             * @type {{
             *   (properties: vesta.events.Checkpoint.$Shape): vesta.events.Checkpoint & vesta.events.Checkpoint.$Shape;
             *   (properties?: vesta.events.Checkpoint.$Properties): vesta.events.Checkpoint;
             * }}
             */
            Checkpoint.create = function(properties) {
                return new Checkpoint(properties);
            };

            /**
             * Encodes the specified Checkpoint message. Does not implicitly {@link vesta.events.Checkpoint.verify|verify} messages.
             * @function encode
             * @memberof vesta.events.Checkpoint
             * @static
             * @param {vesta.events.Checkpoint.$Properties} message Checkpoint message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Checkpoint.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.version != null && $Object.hasOwnProperty.call(message, "version") && message.version !== 0)
                    writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.version);
                if (message.shard != null && $Object.hasOwnProperty.call(message, "shard") && message.shard !== 0)
                    writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.shard);
                if (message.logSeq != null && $Object.hasOwnProperty.call(message, "logSeq") && (typeof message.logSeq === "object" ? message.logSeq.low || message.logSeq.high : message.logSeq !== 0))
                    writer.uint32(/* id 3, wireType 0 =*/24).uint64(message.logSeq);
                if (message.lastBlockUlid != null && $Object.hasOwnProperty.call(message, "lastBlockUlid") && message.lastBlockUlid !== "")
                    writer.uint32(/* id 4, wireType 2 =*/34).string(message.lastBlockUlid);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a Checkpoint message from the specified reader or buffer.
             * @function decode
             * @memberof vesta.events.Checkpoint
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {vesta.events.Checkpoint & vesta.events.Checkpoint.$Shape} Checkpoint
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Checkpoint.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.vesta.events.Checkpoint();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.version = value;
                            else
                                delete message.version;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.shard = value;
                            else
                                delete message.shard;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.logSeq = value;
                            else
                                delete message.logSeq;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.lastBlockUlid = value;
                            else
                                delete message.lastBlockUlid;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Verifies a Checkpoint message.
             * @function verify
             * @memberof vesta.events.Checkpoint
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            Checkpoint.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.version != null && $Object.hasOwnProperty.call(message, "version"))
                    if (!$util.isInteger(message.version))
                        return "version: integer expected";
                if (message.shard != null && $Object.hasOwnProperty.call(message, "shard"))
                    if (!$util.isInteger(message.shard))
                        return "shard: integer expected";
                if (message.logSeq != null && $Object.hasOwnProperty.call(message, "logSeq"))
                    if (!$util.isInteger(message.logSeq) && !(message.logSeq && $util.isInteger(message.logSeq.low) && $util.isInteger(message.logSeq.high)))
                        return "logSeq: integer|Long expected";
                if (message.lastBlockUlid != null && $Object.hasOwnProperty.call(message, "lastBlockUlid"))
                    if (!$util.isString(message.lastBlockUlid))
                        return "lastBlockUlid: string expected";
                return null;
            };

            /**
             * Gets the type url for Checkpoint
             * @function getTypeUrl
             * @memberof vesta.events.Checkpoint
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            Checkpoint.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/vesta.events.Checkpoint";
            };

            return Checkpoint;
        })();

        events.Target = (function() {

            /**
             * Properties of a Target.
             * @typedef {Object} vesta.events.Target.$Properties
             * @property {Object.<string,string>|null} [labels] Target labels
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Target.
             * @memberof vesta.events
             * @interface ITarget
             * @augments vesta.events.Target.$Properties
             * @deprecated Use vesta.events.Target.$Properties instead.
             */

            /**
             * Shape of a Target.
             * @typedef {vesta.events.Target.$Properties} vesta.events.Target.$Shape
             */

            /**
             * Constructs a new Target.
             * @memberof vesta.events
             * @classdesc Represents a Target.
             * @constructor
             * @param {vesta.events.Target.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Target = function (properties) {
                this.labels = {};
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Target labels.
             * @member {Object.<string,string>} labels
             * @memberof vesta.events.Target
             * @instance
             */
            Target.prototype.labels = $util.emptyObject;

            /**
             * Creates a new Target instance using the specified properties.
             * @function create
             * @memberof vesta.events.Target
             * @static
             * @param {vesta.events.Target.$Properties=} [properties] Properties to set
             * @returns {vesta.events.Target} Target instance
             * @type {{
             *   (properties: vesta.events.Target.$Shape): vesta.events.Target & vesta.events.Target.$Shape;
             *   (properties?: vesta.events.Target.$Properties): vesta.events.Target;
             * }}
             */
            Target.create = function(properties) {
                return new Target(properties);
            };

            /**
             * Encodes the specified Target message. Does not implicitly {@link vesta.events.Target.verify|verify} messages.
             * @function encode
             * @memberof vesta.events.Target
             * @static
             * @param {vesta.events.Target.$Properties} message Target message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Target.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.labels != null && $Object.hasOwnProperty.call(message, "labels"))
                    for (let keys = $Object.keys(message.labels), i = 0; i < keys.length; ++i)
                        writer.uint32(/* id 1, wireType 2 =*/10).fork().uint32(/* id 1, wireType 2 =*/10).string(keys[i]).uint32(/* id 2, wireType 2 =*/18).string(message.labels[keys[i]]).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a Target message from the specified reader or buffer.
             * @function decode
             * @memberof vesta.events.Target
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {vesta.events.Target & vesta.events.Target.$Shape} Target
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Target.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, key, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.vesta.events.Target();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if (message.labels === $util.emptyObject)
                                message.labels = {};
                            let end2 = reader.size() + reader.pos;
                            if (end2 > reader.len)
                                throw $RangeError("index out of range");
                            reader.len = end2;
                            key = "";
                            value = "";
                            while (reader.pos < end2) {
                                let tag2 = reader.tag();
                                wireType = tag2 & 7;
                                switch (tag2 >>>= 3) {
                                case 1:
                                    if (wireType !== 2)
                                        break;
                                    key = reader.stringVerify();
                                    continue;
                                case 2:
                                    if (wireType !== 2)
                                        break;
                                    value = reader.stringVerify();
                                    continue;
                                }
                                reader.skipType(wireType, _depth, tag2);
                            }
                            if (reader.pos !== end2)
                                throw $RangeError("index out of range");
                            reader.len = end;
                            if (key === "__proto__")
                                $util.makeProp(message.labels, key);
                            message.labels[key] = value;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Verifies a Target message.
             * @function verify
             * @memberof vesta.events.Target
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            Target.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.labels != null && $Object.hasOwnProperty.call(message, "labels")) {
                    if (!$util.isObject(message.labels))
                        return "labels: object expected";
                    let key = $Object.keys(message.labels);
                    for (let i = 0; i < key.length; ++i)
                        if (!$util.isString(message.labels[key[i]]))
                            return "labels: string{k:string} expected";
                }
                return null;
            };

            /**
             * Gets the type url for Target
             * @function getTypeUrl
             * @memberof vesta.events.Target
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            Target.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/vesta.events.Target";
            };

            return Target;
        })();

        events.TargetsChanged = (function() {

            /**
             * Properties of a TargetsChanged.
             * @typedef {Object} vesta.events.TargetsChanged.$Properties
             * @property {number|null} [version] TargetsChanged version
             * @property {string|null} [job] TargetsChanged job
             * @property {Array.<vesta.events.Target.$Properties>|null} [targets] TargetsChanged targets
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a TargetsChanged.
             * @memberof vesta.events
             * @interface ITargetsChanged
             * @augments vesta.events.TargetsChanged.$Properties
             * @deprecated Use vesta.events.TargetsChanged.$Properties instead.
             */

            /**
             * Shape of a TargetsChanged.
             * @typedef {vesta.events.TargetsChanged.$Properties} vesta.events.TargetsChanged.$Shape
             */

            /**
             * Constructs a new TargetsChanged.
             * @memberof vesta.events
             * @classdesc Represents a TargetsChanged.
             * @constructor
             * @param {vesta.events.TargetsChanged.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const TargetsChanged = function (properties) {
                this.targets = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * TargetsChanged version.
             * @member {number} version
             * @memberof vesta.events.TargetsChanged
             * @instance
             */
            TargetsChanged.prototype.version = 0;

            /**
             * TargetsChanged job.
             * @member {string} job
             * @memberof vesta.events.TargetsChanged
             * @instance
             */
            TargetsChanged.prototype.job = "";

            /**
             * TargetsChanged targets.
             * @member {Array.<vesta.events.Target.$Properties>} targets
             * @memberof vesta.events.TargetsChanged
             * @instance
             */
            TargetsChanged.prototype.targets = $util.emptyArray;

            /**
             * Creates a new TargetsChanged instance using the specified properties.
             * @function create
             * @memberof vesta.events.TargetsChanged
             * @static
             * @param {vesta.events.TargetsChanged.$Properties=} [properties] Properties to set
             * @returns {vesta.events.TargetsChanged} TargetsChanged instance
             * @type {{
             *   (properties: vesta.events.TargetsChanged.$Shape): vesta.events.TargetsChanged & vesta.events.TargetsChanged.$Shape;
             *   (properties?: vesta.events.TargetsChanged.$Properties): vesta.events.TargetsChanged;
             * }}
             */
            TargetsChanged.create = function(properties) {
                return new TargetsChanged(properties);
            };

            /**
             * Encodes the specified TargetsChanged message. Does not implicitly {@link vesta.events.TargetsChanged.verify|verify} messages.
             * @function encode
             * @memberof vesta.events.TargetsChanged
             * @static
             * @param {vesta.events.TargetsChanged.$Properties} message TargetsChanged message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            TargetsChanged.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.version != null && $Object.hasOwnProperty.call(message, "version") && message.version !== 0)
                    writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.version);
                if (message.job != null && $Object.hasOwnProperty.call(message, "job") && message.job !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.job);
                if (message.targets != null && message.targets.length)
                    for (let i = 0; i < message.targets.length; ++i)
                        $root.vesta.events.Target.encode(message.targets[i], writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a TargetsChanged message from the specified reader or buffer.
             * @function decode
             * @memberof vesta.events.TargetsChanged
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {vesta.events.TargetsChanged & vesta.events.TargetsChanged.$Shape} TargetsChanged
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            TargetsChanged.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.vesta.events.TargetsChanged();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.version = value;
                            else
                                delete message.version;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.job = value;
                            else
                                delete message.job;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if (!(message.targets && message.targets.length))
                                message.targets = [];
                            message.targets.push($root.vesta.events.Target.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Verifies a TargetsChanged message.
             * @function verify
             * @memberof vesta.events.TargetsChanged
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            TargetsChanged.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.version != null && $Object.hasOwnProperty.call(message, "version"))
                    if (!$util.isInteger(message.version))
                        return "version: integer expected";
                if (message.job != null && $Object.hasOwnProperty.call(message, "job"))
                    if (!$util.isString(message.job))
                        return "job: string expected";
                if (message.targets != null && $Object.hasOwnProperty.call(message, "targets")) {
                    if (!$Array.isArray(message.targets))
                        return "targets: array expected";
                    for (let i = 0; i < message.targets.length; ++i) {
                        let error = $root.vesta.events.Target.verify(message.targets[i], _depth + 1);
                        if (error)
                            return "targets." + error;
                    }
                }
                return null;
            };

            /**
             * Gets the type url for TargetsChanged
             * @function getTypeUrl
             * @memberof vesta.events.TargetsChanged
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            TargetsChanged.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/vesta.events.TargetsChanged";
            };

            return TargetsChanged;
        })();

        events.AlertStateChanged = (function() {

            /**
             * Properties of an AlertStateChanged.
             * @typedef {Object} vesta.events.AlertStateChanged.$Properties
             * @property {number|null} [version] AlertStateChanged version
             * @property {string|null} [ruleGroup] AlertStateChanged ruleGroup
             * @property {string|null} [alertName] AlertStateChanged alertName
             * @property {Object.<string,string>|null} [labels] AlertStateChanged labels
             * @property {string|null} [state] AlertStateChanged state
             * @property {number|Long|null} [activeAtMs] AlertStateChanged activeAtMs
             * @property {number|Long|null} [atMs] AlertStateChanged atMs
             * @property {number|null} [value] AlertStateChanged value
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an AlertStateChanged.
             * @memberof vesta.events
             * @interface IAlertStateChanged
             * @augments vesta.events.AlertStateChanged.$Properties
             * @deprecated Use vesta.events.AlertStateChanged.$Properties instead.
             */

            /**
             * Shape of an AlertStateChanged.
             * @typedef {vesta.events.AlertStateChanged.$Properties} vesta.events.AlertStateChanged.$Shape
             */

            /**
             * Constructs a new AlertStateChanged.
             * @memberof vesta.events
             * @classdesc Represents an AlertStateChanged.
             * @constructor
             * @param {vesta.events.AlertStateChanged.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const AlertStateChanged = function (properties) {
                this.labels = {};
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * AlertStateChanged version.
             * @member {number} version
             * @memberof vesta.events.AlertStateChanged
             * @instance
             */
            AlertStateChanged.prototype.version = 0;

            /**
             * AlertStateChanged ruleGroup.
             * @member {string} ruleGroup
             * @memberof vesta.events.AlertStateChanged
             * @instance
             */
            AlertStateChanged.prototype.ruleGroup = "";

            /**
             * AlertStateChanged alertName.
             * @member {string} alertName
             * @memberof vesta.events.AlertStateChanged
             * @instance
             */
            AlertStateChanged.prototype.alertName = "";

            /**
             * AlertStateChanged labels.
             * @member {Object.<string,string>} labels
             * @memberof vesta.events.AlertStateChanged
             * @instance
             */
            AlertStateChanged.prototype.labels = $util.emptyObject;

            /**
             * AlertStateChanged state.
             * @member {string} state
             * @memberof vesta.events.AlertStateChanged
             * @instance
             */
            AlertStateChanged.prototype.state = "";

            /**
             * AlertStateChanged activeAtMs.
             * @member {number|Long} activeAtMs
             * @memberof vesta.events.AlertStateChanged
             * @instance
             */
            AlertStateChanged.prototype.activeAtMs = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * AlertStateChanged atMs.
             * @member {number|Long} atMs
             * @memberof vesta.events.AlertStateChanged
             * @instance
             */
            AlertStateChanged.prototype.atMs = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * AlertStateChanged value.
             * @member {number} value
             * @memberof vesta.events.AlertStateChanged
             * @instance
             */
            AlertStateChanged.prototype.value = 0;

            /**
             * Creates a new AlertStateChanged instance using the specified properties.
             * @function create
             * @memberof vesta.events.AlertStateChanged
             * @static
             * @param {vesta.events.AlertStateChanged.$Properties=} [properties] Properties to set
             * @returns {vesta.events.AlertStateChanged} AlertStateChanged instance
             * @type {{
             *   (properties: vesta.events.AlertStateChanged.$Shape): vesta.events.AlertStateChanged & vesta.events.AlertStateChanged.$Shape;
             *   (properties?: vesta.events.AlertStateChanged.$Properties): vesta.events.AlertStateChanged;
             * }}
             */
            AlertStateChanged.create = function(properties) {
                return new AlertStateChanged(properties);
            };

            /**
             * Encodes the specified AlertStateChanged message. Does not implicitly {@link vesta.events.AlertStateChanged.verify|verify} messages.
             * @function encode
             * @memberof vesta.events.AlertStateChanged
             * @static
             * @param {vesta.events.AlertStateChanged.$Properties} message AlertStateChanged message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            AlertStateChanged.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.version != null && $Object.hasOwnProperty.call(message, "version") && message.version !== 0)
                    writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.version);
                if (message.ruleGroup != null && $Object.hasOwnProperty.call(message, "ruleGroup") && message.ruleGroup !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.ruleGroup);
                if (message.alertName != null && $Object.hasOwnProperty.call(message, "alertName") && message.alertName !== "")
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.alertName);
                if (message.labels != null && $Object.hasOwnProperty.call(message, "labels"))
                    for (let keys = $Object.keys(message.labels), i = 0; i < keys.length; ++i)
                        writer.uint32(/* id 4, wireType 2 =*/34).fork().uint32(/* id 1, wireType 2 =*/10).string(keys[i]).uint32(/* id 2, wireType 2 =*/18).string(message.labels[keys[i]]).ldelim();
                if (message.state != null && $Object.hasOwnProperty.call(message, "state") && message.state !== "")
                    writer.uint32(/* id 5, wireType 2 =*/42).string(message.state);
                if (message.activeAtMs != null && $Object.hasOwnProperty.call(message, "activeAtMs") && (typeof message.activeAtMs === "object" ? message.activeAtMs.low || message.activeAtMs.high : message.activeAtMs !== 0))
                    writer.uint32(/* id 6, wireType 0 =*/48).int64(message.activeAtMs);
                if (message.atMs != null && $Object.hasOwnProperty.call(message, "atMs") && (typeof message.atMs === "object" ? message.atMs.low || message.atMs.high : message.atMs !== 0))
                    writer.uint32(/* id 7, wireType 0 =*/56).int64(message.atMs);
                if (message.value != null && $Object.hasOwnProperty.call(message, "value") && !$Object.is(message.value, 0))
                    writer.uint32(/* id 8, wireType 1 =*/65).double(message.value);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an AlertStateChanged message from the specified reader or buffer.
             * @function decode
             * @memberof vesta.events.AlertStateChanged
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {vesta.events.AlertStateChanged & vesta.events.AlertStateChanged.$Shape} AlertStateChanged
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            AlertStateChanged.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, key, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.vesta.events.AlertStateChanged();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.version = value;
                            else
                                delete message.version;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.ruleGroup = value;
                            else
                                delete message.ruleGroup;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.alertName = value;
                            else
                                delete message.alertName;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            if (message.labels === $util.emptyObject)
                                message.labels = {};
                            let end2 = reader.size() + reader.pos;
                            if (end2 > reader.len)
                                throw $RangeError("index out of range");
                            reader.len = end2;
                            key = "";
                            value = "";
                            while (reader.pos < end2) {
                                let tag2 = reader.tag();
                                wireType = tag2 & 7;
                                switch (tag2 >>>= 3) {
                                case 1:
                                    if (wireType !== 2)
                                        break;
                                    key = reader.stringVerify();
                                    continue;
                                case 2:
                                    if (wireType !== 2)
                                        break;
                                    value = reader.stringVerify();
                                    continue;
                                }
                                reader.skipType(wireType, _depth, tag2);
                            }
                            if (reader.pos !== end2)
                                throw $RangeError("index out of range");
                            reader.len = end;
                            if (key === "__proto__")
                                $util.makeProp(message.labels, key);
                            message.labels[key] = value;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.state = value;
                            else
                                delete message.state;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.activeAtMs = value;
                            else
                                delete message.activeAtMs;
                            continue;
                        }
                    case 7: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.atMs = value;
                            else
                                delete message.atMs;
                            continue;
                        }
                    case 8: {
                            if (wireType !== 1)
                                break;
                            if (!$Object.is(value = reader.double(), 0))
                                message.value = value;
                            else
                                delete message.value;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Verifies an AlertStateChanged message.
             * @function verify
             * @memberof vesta.events.AlertStateChanged
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            AlertStateChanged.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.version != null && $Object.hasOwnProperty.call(message, "version"))
                    if (!$util.isInteger(message.version))
                        return "version: integer expected";
                if (message.ruleGroup != null && $Object.hasOwnProperty.call(message, "ruleGroup"))
                    if (!$util.isString(message.ruleGroup))
                        return "ruleGroup: string expected";
                if (message.alertName != null && $Object.hasOwnProperty.call(message, "alertName"))
                    if (!$util.isString(message.alertName))
                        return "alertName: string expected";
                if (message.labels != null && $Object.hasOwnProperty.call(message, "labels")) {
                    if (!$util.isObject(message.labels))
                        return "labels: object expected";
                    let key = $Object.keys(message.labels);
                    for (let i = 0; i < key.length; ++i)
                        if (!$util.isString(message.labels[key[i]]))
                            return "labels: string{k:string} expected";
                }
                if (message.state != null && $Object.hasOwnProperty.call(message, "state"))
                    if (!$util.isString(message.state))
                        return "state: string expected";
                if (message.activeAtMs != null && $Object.hasOwnProperty.call(message, "activeAtMs"))
                    if (!$util.isInteger(message.activeAtMs) && !(message.activeAtMs && $util.isInteger(message.activeAtMs.low) && $util.isInteger(message.activeAtMs.high)))
                        return "activeAtMs: integer|Long expected";
                if (message.atMs != null && $Object.hasOwnProperty.call(message, "atMs"))
                    if (!$util.isInteger(message.atMs) && !(message.atMs && $util.isInteger(message.atMs.low) && $util.isInteger(message.atMs.high)))
                        return "atMs: integer|Long expected";
                if (message.value != null && $Object.hasOwnProperty.call(message, "value"))
                    if (typeof message.value !== "number")
                        return "value: number expected";
                return null;
            };

            /**
             * Gets the type url for AlertStateChanged
             * @function getTypeUrl
             * @memberof vesta.events.AlertStateChanged
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            AlertStateChanged.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/vesta.events.AlertStateChanged";
            };

            return AlertStateChanged;
        })();

        return events;
    })();

    vesta.ingest = (function() {

        /**
         * Namespace ingest.
         * @memberof vesta
         * @namespace
         */
        const ingest = {};

        ingest.Label = (function() {

            /**
             * Properties of a Label.
             * @typedef {Object} vesta.ingest.Label.$Properties
             * @property {string|null} [name] Label name
             * @property {string|null} [value] Label value
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Label.
             * @memberof vesta.ingest
             * @interface ILabel
             * @augments vesta.ingest.Label.$Properties
             * @deprecated Use vesta.ingest.Label.$Properties instead.
             */

            /**
             * Shape of a Label.
             * @typedef {vesta.ingest.Label.$Properties} vesta.ingest.Label.$Shape
             */

            /**
             * Constructs a new Label.
             * @memberof vesta.ingest
             * @classdesc Represents a Label.
             * @constructor
             * @param {vesta.ingest.Label.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Label = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Label name.
             * @member {string} name
             * @memberof vesta.ingest.Label
             * @instance
             */
            Label.prototype.name = "";

            /**
             * Label value.
             * @member {string} value
             * @memberof vesta.ingest.Label
             * @instance
             */
            Label.prototype.value = "";

            /**
             * Creates a new Label instance using the specified properties.
             * @function create
             * @memberof vesta.ingest.Label
             * @static
             * @param {vesta.ingest.Label.$Properties=} [properties] Properties to set
             * @returns {vesta.ingest.Label} Label instance
             * @type {{
             *   (properties: vesta.ingest.Label.$Shape): vesta.ingest.Label & vesta.ingest.Label.$Shape;
             *   (properties?: vesta.ingest.Label.$Properties): vesta.ingest.Label;
             * }}
             */
            Label.create = function(properties) {
                return new Label(properties);
            };

            /**
             * Encodes the specified Label message. Does not implicitly {@link vesta.ingest.Label.verify|verify} messages.
             * @function encode
             * @memberof vesta.ingest.Label
             * @static
             * @param {vesta.ingest.Label.$Properties} message Label message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Label.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.name != null && $Object.hasOwnProperty.call(message, "name") && message.name !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.name);
                if (message.value != null && $Object.hasOwnProperty.call(message, "value") && message.value !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.value);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a Label message from the specified reader or buffer.
             * @function decode
             * @memberof vesta.ingest.Label
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {vesta.ingest.Label & vesta.ingest.Label.$Shape} Label
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Label.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.vesta.ingest.Label();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.name = value;
                            else
                                delete message.name;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.value = value;
                            else
                                delete message.value;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Verifies a Label message.
             * @function verify
             * @memberof vesta.ingest.Label
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            Label.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.name != null && $Object.hasOwnProperty.call(message, "name"))
                    if (!$util.isString(message.name))
                        return "name: string expected";
                if (message.value != null && $Object.hasOwnProperty.call(message, "value"))
                    if (!$util.isString(message.value))
                        return "value: string expected";
                return null;
            };

            /**
             * Gets the type url for Label
             * @function getTypeUrl
             * @memberof vesta.ingest.Label
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            Label.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/vesta.ingest.Label";
            };

            return Label;
        })();

        ingest.SeriesSamples = (function() {

            /**
             * Properties of a SeriesSamples.
             * @typedef {Object} vesta.ingest.SeriesSamples.$Properties
             * @property {Array.<vesta.ingest.Label.$Properties>|null} [labels] SeriesSamples labels
             * @property {Array.<number|Long>|null} [timestampsMs] SeriesSamples timestampsMs
             * @property {Array.<number>|null} [values] SeriesSamples values
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a SeriesSamples.
             * @memberof vesta.ingest
             * @interface ISeriesSamples
             * @augments vesta.ingest.SeriesSamples.$Properties
             * @deprecated Use vesta.ingest.SeriesSamples.$Properties instead.
             */

            /**
             * Shape of a SeriesSamples.
             * @typedef {vesta.ingest.SeriesSamples.$Properties} vesta.ingest.SeriesSamples.$Shape
             */

            /**
             * Constructs a new SeriesSamples.
             * @memberof vesta.ingest
             * @classdesc Represents a SeriesSamples.
             * @constructor
             * @param {vesta.ingest.SeriesSamples.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const SeriesSamples = function (properties) {
                this.labels = [];
                this.timestampsMs = [];
                this.values = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * SeriesSamples labels.
             * @member {Array.<vesta.ingest.Label.$Properties>} labels
             * @memberof vesta.ingest.SeriesSamples
             * @instance
             */
            SeriesSamples.prototype.labels = $util.emptyArray;

            /**
             * SeriesSamples timestampsMs.
             * @member {Array.<number|Long>} timestampsMs
             * @memberof vesta.ingest.SeriesSamples
             * @instance
             */
            SeriesSamples.prototype.timestampsMs = $util.emptyArray;

            /**
             * SeriesSamples values.
             * @member {Array.<number>} values
             * @memberof vesta.ingest.SeriesSamples
             * @instance
             */
            SeriesSamples.prototype.values = $util.emptyArray;

            /**
             * Creates a new SeriesSamples instance using the specified properties.
             * @function create
             * @memberof vesta.ingest.SeriesSamples
             * @static
             * @param {vesta.ingest.SeriesSamples.$Properties=} [properties] Properties to set
             * @returns {vesta.ingest.SeriesSamples} SeriesSamples instance
             * @type {{
             *   (properties: vesta.ingest.SeriesSamples.$Shape): vesta.ingest.SeriesSamples & vesta.ingest.SeriesSamples.$Shape;
             *   (properties?: vesta.ingest.SeriesSamples.$Properties): vesta.ingest.SeriesSamples;
             * }}
             */
            SeriesSamples.create = function(properties) {
                return new SeriesSamples(properties);
            };

            /**
             * Encodes the specified SeriesSamples message. Does not implicitly {@link vesta.ingest.SeriesSamples.verify|verify} messages.
             * @function encode
             * @memberof vesta.ingest.SeriesSamples
             * @static
             * @param {vesta.ingest.SeriesSamples.$Properties} message SeriesSamples message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            SeriesSamples.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.labels != null && message.labels.length)
                    for (let i = 0; i < message.labels.length; ++i)
                        $root.vesta.ingest.Label.encode(message.labels[i], writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
                if (message.timestampsMs != null && message.timestampsMs.length)
                    writer.uint32(/* id 2, wireType 2 =*/18).int64s(message.timestampsMs);
                if (message.values != null && message.values.length)
                    writer.uint32(/* id 3, wireType 2 =*/26).doubles(message.values);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a SeriesSamples message from the specified reader or buffer.
             * @function decode
             * @memberof vesta.ingest.SeriesSamples
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {vesta.ingest.SeriesSamples & vesta.ingest.SeriesSamples.$Shape} SeriesSamples
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            SeriesSamples.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.vesta.ingest.SeriesSamples();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if (!(message.labels && message.labels.length))
                                message.labels = [];
                            message.labels.push($root.vesta.ingest.Label.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    case 2: {
                            if (wireType === 2) {
                                if (!(message.timestampsMs && message.timestampsMs.length))
                                    message.timestampsMs = [];
                                reader.int64s(message.timestampsMs);
                                continue;
                            }
                            if (wireType !== 0)
                                break;
                            if (!(message.timestampsMs && message.timestampsMs.length))
                                message.timestampsMs = [];
                            message.timestampsMs.push(reader.int64());
                            continue;
                        }
                    case 3: {
                            if (wireType === 2) {
                                if (!(message.values && message.values.length))
                                    message.values = [];
                                reader.doubles(message.values);
                                continue;
                            }
                            if (wireType !== 1)
                                break;
                            if (!(message.values && message.values.length))
                                message.values = [];
                            message.values.push(reader.double());
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Verifies a SeriesSamples message.
             * @function verify
             * @memberof vesta.ingest.SeriesSamples
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            SeriesSamples.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.labels != null && $Object.hasOwnProperty.call(message, "labels")) {
                    if (!$Array.isArray(message.labels))
                        return "labels: array expected";
                    for (let i = 0; i < message.labels.length; ++i) {
                        let error = $root.vesta.ingest.Label.verify(message.labels[i], _depth + 1);
                        if (error)
                            return "labels." + error;
                    }
                }
                if (message.timestampsMs != null && $Object.hasOwnProperty.call(message, "timestampsMs")) {
                    if (!$Array.isArray(message.timestampsMs))
                        return "timestampsMs: array expected";
                    for (let i = 0; i < message.timestampsMs.length; ++i)
                        if (!$util.isInteger(message.timestampsMs[i]) && !(message.timestampsMs[i] && $util.isInteger(message.timestampsMs[i].low) && $util.isInteger(message.timestampsMs[i].high)))
                            return "timestampsMs: integer|Long[] expected";
                }
                if (message.values != null && $Object.hasOwnProperty.call(message, "values")) {
                    if (!$Array.isArray(message.values))
                        return "values: array expected";
                    for (let i = 0; i < message.values.length; ++i)
                        if (typeof message.values[i] !== "number")
                            return "values: number[] expected";
                }
                return null;
            };

            /**
             * Gets the type url for SeriesSamples
             * @function getTypeUrl
             * @memberof vesta.ingest.SeriesSamples
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            SeriesSamples.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/vesta.ingest.SeriesSamples";
            };

            return SeriesSamples;
        })();

        ingest.Exemplar = (function() {

            /**
             * Properties of an Exemplar.
             * @typedef {Object} vesta.ingest.Exemplar.$Properties
             * @property {Array.<vesta.ingest.Label.$Properties>|null} [seriesLabels] Exemplar seriesLabels
             * @property {Array.<vesta.ingest.Label.$Properties>|null} [labels] Exemplar labels
             * @property {number|null} [value] Exemplar value
             * @property {number|Long|null} [timestampMs] Exemplar timestampMs
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an Exemplar.
             * @memberof vesta.ingest
             * @interface IExemplar
             * @augments vesta.ingest.Exemplar.$Properties
             * @deprecated Use vesta.ingest.Exemplar.$Properties instead.
             */

            /**
             * Shape of an Exemplar.
             * @typedef {vesta.ingest.Exemplar.$Properties} vesta.ingest.Exemplar.$Shape
             */

            /**
             * Constructs a new Exemplar.
             * @memberof vesta.ingest
             * @classdesc Represents an Exemplar.
             * @constructor
             * @param {vesta.ingest.Exemplar.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Exemplar = function (properties) {
                this.seriesLabels = [];
                this.labels = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Exemplar seriesLabels.
             * @member {Array.<vesta.ingest.Label.$Properties>} seriesLabels
             * @memberof vesta.ingest.Exemplar
             * @instance
             */
            Exemplar.prototype.seriesLabels = $util.emptyArray;

            /**
             * Exemplar labels.
             * @member {Array.<vesta.ingest.Label.$Properties>} labels
             * @memberof vesta.ingest.Exemplar
             * @instance
             */
            Exemplar.prototype.labels = $util.emptyArray;

            /**
             * Exemplar value.
             * @member {number} value
             * @memberof vesta.ingest.Exemplar
             * @instance
             */
            Exemplar.prototype.value = 0;

            /**
             * Exemplar timestampMs.
             * @member {number|Long} timestampMs
             * @memberof vesta.ingest.Exemplar
             * @instance
             */
            Exemplar.prototype.timestampMs = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * Creates a new Exemplar instance using the specified properties.
             * @function create
             * @memberof vesta.ingest.Exemplar
             * @static
             * @param {vesta.ingest.Exemplar.$Properties=} [properties] Properties to set
             * @returns {vesta.ingest.Exemplar} Exemplar instance
             * @type {{
             *   (properties: vesta.ingest.Exemplar.$Shape): vesta.ingest.Exemplar & vesta.ingest.Exemplar.$Shape;
             *   (properties?: vesta.ingest.Exemplar.$Properties): vesta.ingest.Exemplar;
             * }}
             */
            Exemplar.create = function(properties) {
                return new Exemplar(properties);
            };

            /**
             * Encodes the specified Exemplar message. Does not implicitly {@link vesta.ingest.Exemplar.verify|verify} messages.
             * @function encode
             * @memberof vesta.ingest.Exemplar
             * @static
             * @param {vesta.ingest.Exemplar.$Properties} message Exemplar message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Exemplar.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.seriesLabels != null && message.seriesLabels.length)
                    for (let i = 0; i < message.seriesLabels.length; ++i)
                        $root.vesta.ingest.Label.encode(message.seriesLabels[i], writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
                if (message.labels != null && message.labels.length)
                    for (let i = 0; i < message.labels.length; ++i)
                        $root.vesta.ingest.Label.encode(message.labels[i], writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
                if (message.value != null && $Object.hasOwnProperty.call(message, "value") && !$Object.is(message.value, 0))
                    writer.uint32(/* id 3, wireType 1 =*/25).double(message.value);
                if (message.timestampMs != null && $Object.hasOwnProperty.call(message, "timestampMs") && (typeof message.timestampMs === "object" ? message.timestampMs.low || message.timestampMs.high : message.timestampMs !== 0))
                    writer.uint32(/* id 4, wireType 0 =*/32).int64(message.timestampMs);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an Exemplar message from the specified reader or buffer.
             * @function decode
             * @memberof vesta.ingest.Exemplar
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {vesta.ingest.Exemplar & vesta.ingest.Exemplar.$Shape} Exemplar
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Exemplar.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.vesta.ingest.Exemplar();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if (!(message.seriesLabels && message.seriesLabels.length))
                                message.seriesLabels = [];
                            message.seriesLabels.push($root.vesta.ingest.Label.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if (!(message.labels && message.labels.length))
                                message.labels = [];
                            message.labels.push($root.vesta.ingest.Label.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    case 3: {
                            if (wireType !== 1)
                                break;
                            if (!$Object.is(value = reader.double(), 0))
                                message.value = value;
                            else
                                delete message.value;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.timestampMs = value;
                            else
                                delete message.timestampMs;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Verifies an Exemplar message.
             * @function verify
             * @memberof vesta.ingest.Exemplar
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            Exemplar.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.seriesLabels != null && $Object.hasOwnProperty.call(message, "seriesLabels")) {
                    if (!$Array.isArray(message.seriesLabels))
                        return "seriesLabels: array expected";
                    for (let i = 0; i < message.seriesLabels.length; ++i) {
                        let error = $root.vesta.ingest.Label.verify(message.seriesLabels[i], _depth + 1);
                        if (error)
                            return "seriesLabels." + error;
                    }
                }
                if (message.labels != null && $Object.hasOwnProperty.call(message, "labels")) {
                    if (!$Array.isArray(message.labels))
                        return "labels: array expected";
                    for (let i = 0; i < message.labels.length; ++i) {
                        let error = $root.vesta.ingest.Label.verify(message.labels[i], _depth + 1);
                        if (error)
                            return "labels." + error;
                    }
                }
                if (message.value != null && $Object.hasOwnProperty.call(message, "value"))
                    if (typeof message.value !== "number")
                        return "value: number expected";
                if (message.timestampMs != null && $Object.hasOwnProperty.call(message, "timestampMs"))
                    if (!$util.isInteger(message.timestampMs) && !(message.timestampMs && $util.isInteger(message.timestampMs.low) && $util.isInteger(message.timestampMs.high)))
                        return "timestampMs: integer|Long expected";
                return null;
            };

            /**
             * Gets the type url for Exemplar
             * @function getTypeUrl
             * @memberof vesta.ingest.Exemplar
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            Exemplar.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/vesta.ingest.Exemplar";
            };

            return Exemplar;
        })();

        ingest.Metadata = (function() {

            /**
             * Properties of a Metadata.
             * @typedef {Object} vesta.ingest.Metadata.$Properties
             * @property {string|null} [metricFamily] Metadata metricFamily
             * @property {string|null} [type] Metadata type
             * @property {string|null} [help] Metadata help
             * @property {string|null} [unit] Metadata unit
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Metadata.
             * @memberof vesta.ingest
             * @interface IMetadata
             * @augments vesta.ingest.Metadata.$Properties
             * @deprecated Use vesta.ingest.Metadata.$Properties instead.
             */

            /**
             * Shape of a Metadata.
             * @typedef {vesta.ingest.Metadata.$Properties} vesta.ingest.Metadata.$Shape
             */

            /**
             * Constructs a new Metadata.
             * @memberof vesta.ingest
             * @classdesc Represents a Metadata.
             * @constructor
             * @param {vesta.ingest.Metadata.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Metadata = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Metadata metricFamily.
             * @member {string} metricFamily
             * @memberof vesta.ingest.Metadata
             * @instance
             */
            Metadata.prototype.metricFamily = "";

            /**
             * Metadata type.
             * @member {string} type
             * @memberof vesta.ingest.Metadata
             * @instance
             */
            Metadata.prototype.type = "";

            /**
             * Metadata help.
             * @member {string} help
             * @memberof vesta.ingest.Metadata
             * @instance
             */
            Metadata.prototype.help = "";

            /**
             * Metadata unit.
             * @member {string} unit
             * @memberof vesta.ingest.Metadata
             * @instance
             */
            Metadata.prototype.unit = "";

            /**
             * Creates a new Metadata instance using the specified properties.
             * @function create
             * @memberof vesta.ingest.Metadata
             * @static
             * @param {vesta.ingest.Metadata.$Properties=} [properties] Properties to set
             * @returns {vesta.ingest.Metadata} Metadata instance
             * @type {{
             *   (properties: vesta.ingest.Metadata.$Shape): vesta.ingest.Metadata & vesta.ingest.Metadata.$Shape;
             *   (properties?: vesta.ingest.Metadata.$Properties): vesta.ingest.Metadata;
             * }}
             */
            Metadata.create = function(properties) {
                return new Metadata(properties);
            };

            /**
             * Encodes the specified Metadata message. Does not implicitly {@link vesta.ingest.Metadata.verify|verify} messages.
             * @function encode
             * @memberof vesta.ingest.Metadata
             * @static
             * @param {vesta.ingest.Metadata.$Properties} message Metadata message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Metadata.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.metricFamily != null && $Object.hasOwnProperty.call(message, "metricFamily") && message.metricFamily !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.metricFamily);
                if (message.type != null && $Object.hasOwnProperty.call(message, "type") && message.type !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.type);
                if (message.help != null && $Object.hasOwnProperty.call(message, "help") && message.help !== "")
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.help);
                if (message.unit != null && $Object.hasOwnProperty.call(message, "unit") && message.unit !== "")
                    writer.uint32(/* id 4, wireType 2 =*/34).string(message.unit);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a Metadata message from the specified reader or buffer.
             * @function decode
             * @memberof vesta.ingest.Metadata
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {vesta.ingest.Metadata & vesta.ingest.Metadata.$Shape} Metadata
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Metadata.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.vesta.ingest.Metadata();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.metricFamily = value;
                            else
                                delete message.metricFamily;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.type = value;
                            else
                                delete message.type;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.help = value;
                            else
                                delete message.help;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.unit = value;
                            else
                                delete message.unit;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Verifies a Metadata message.
             * @function verify
             * @memberof vesta.ingest.Metadata
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            Metadata.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.metricFamily != null && $Object.hasOwnProperty.call(message, "metricFamily"))
                    if (!$util.isString(message.metricFamily))
                        return "metricFamily: string expected";
                if (message.type != null && $Object.hasOwnProperty.call(message, "type"))
                    if (!$util.isString(message.type))
                        return "type: string expected";
                if (message.help != null && $Object.hasOwnProperty.call(message, "help"))
                    if (!$util.isString(message.help))
                        return "help: string expected";
                if (message.unit != null && $Object.hasOwnProperty.call(message, "unit"))
                    if (!$util.isString(message.unit))
                        return "unit: string expected";
                return null;
            };

            /**
             * Gets the type url for Metadata
             * @function getTypeUrl
             * @memberof vesta.ingest.Metadata
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            Metadata.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/vesta.ingest.Metadata";
            };

            return Metadata;
        })();

        ingest.IngestBatch = (function() {

            /**
             * Properties of an IngestBatch.
             * @typedef {Object} vesta.ingest.IngestBatch.$Properties
             * @property {string|null} [batchId] IngestBatch batchId
             * @property {string|null} [source] IngestBatch source
             * @property {Array.<vesta.ingest.SeriesSamples.$Properties>|null} [series] IngestBatch series
             * @property {Array.<vesta.ingest.Exemplar.$Properties>|null} [exemplars] IngestBatch exemplars
             * @property {Array.<vesta.ingest.Metadata.$Properties>|null} [metadata] IngestBatch metadata
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an IngestBatch.
             * @memberof vesta.ingest
             * @interface IIngestBatch
             * @augments vesta.ingest.IngestBatch.$Properties
             * @deprecated Use vesta.ingest.IngestBatch.$Properties instead.
             */

            /**
             * Shape of an IngestBatch.
             * @typedef {vesta.ingest.IngestBatch.$Properties} vesta.ingest.IngestBatch.$Shape
             */

            /**
             * Constructs a new IngestBatch.
             * @memberof vesta.ingest
             * @classdesc Represents an IngestBatch.
             * @constructor
             * @param {vesta.ingest.IngestBatch.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const IngestBatch = function (properties) {
                this.series = [];
                this.exemplars = [];
                this.metadata = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * IngestBatch batchId.
             * @member {string} batchId
             * @memberof vesta.ingest.IngestBatch
             * @instance
             */
            IngestBatch.prototype.batchId = "";

            /**
             * IngestBatch source.
             * @member {string} source
             * @memberof vesta.ingest.IngestBatch
             * @instance
             */
            IngestBatch.prototype.source = "";

            /**
             * IngestBatch series.
             * @member {Array.<vesta.ingest.SeriesSamples.$Properties>} series
             * @memberof vesta.ingest.IngestBatch
             * @instance
             */
            IngestBatch.prototype.series = $util.emptyArray;

            /**
             * IngestBatch exemplars.
             * @member {Array.<vesta.ingest.Exemplar.$Properties>} exemplars
             * @memberof vesta.ingest.IngestBatch
             * @instance
             */
            IngestBatch.prototype.exemplars = $util.emptyArray;

            /**
             * IngestBatch metadata.
             * @member {Array.<vesta.ingest.Metadata.$Properties>} metadata
             * @memberof vesta.ingest.IngestBatch
             * @instance
             */
            IngestBatch.prototype.metadata = $util.emptyArray;

            /**
             * Creates a new IngestBatch instance using the specified properties.
             * @function create
             * @memberof vesta.ingest.IngestBatch
             * @static
             * @param {vesta.ingest.IngestBatch.$Properties=} [properties] Properties to set
             * @returns {vesta.ingest.IngestBatch} IngestBatch instance
             * @type {{
             *   (properties: vesta.ingest.IngestBatch.$Shape): vesta.ingest.IngestBatch & vesta.ingest.IngestBatch.$Shape;
             *   (properties?: vesta.ingest.IngestBatch.$Properties): vesta.ingest.IngestBatch;
             * }}
             */
            IngestBatch.create = function(properties) {
                return new IngestBatch(properties);
            };

            /**
             * Encodes the specified IngestBatch message. Does not implicitly {@link vesta.ingest.IngestBatch.verify|verify} messages.
             * @function encode
             * @memberof vesta.ingest.IngestBatch
             * @static
             * @param {vesta.ingest.IngestBatch.$Properties} message IngestBatch message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            IngestBatch.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.batchId != null && $Object.hasOwnProperty.call(message, "batchId") && message.batchId !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.batchId);
                if (message.source != null && $Object.hasOwnProperty.call(message, "source") && message.source !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.source);
                if (message.series != null && message.series.length)
                    for (let i = 0; i < message.series.length; ++i)
                        $root.vesta.ingest.SeriesSamples.encode(message.series[i], writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
                if (message.exemplars != null && message.exemplars.length)
                    for (let i = 0; i < message.exemplars.length; ++i)
                        $root.vesta.ingest.Exemplar.encode(message.exemplars[i], writer.uint32(/* id 4, wireType 2 =*/34).fork(), _depth + 1).ldelim();
                if (message.metadata != null && message.metadata.length)
                    for (let i = 0; i < message.metadata.length; ++i)
                        $root.vesta.ingest.Metadata.encode(message.metadata[i], writer.uint32(/* id 5, wireType 2 =*/42).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an IngestBatch message from the specified reader or buffer.
             * @function decode
             * @memberof vesta.ingest.IngestBatch
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {vesta.ingest.IngestBatch & vesta.ingest.IngestBatch.$Shape} IngestBatch
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            IngestBatch.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.vesta.ingest.IngestBatch();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.batchId = value;
                            else
                                delete message.batchId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.source = value;
                            else
                                delete message.source;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if (!(message.series && message.series.length))
                                message.series = [];
                            message.series.push($root.vesta.ingest.SeriesSamples.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            if (!(message.exemplars && message.exemplars.length))
                                message.exemplars = [];
                            message.exemplars.push($root.vesta.ingest.Exemplar.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    case 5: {
                            if (wireType !== 2)
                                break;
                            if (!(message.metadata && message.metadata.length))
                                message.metadata = [];
                            message.metadata.push($root.vesta.ingest.Metadata.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Verifies an IngestBatch message.
             * @function verify
             * @memberof vesta.ingest.IngestBatch
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            IngestBatch.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.batchId != null && $Object.hasOwnProperty.call(message, "batchId"))
                    if (!$util.isString(message.batchId))
                        return "batchId: string expected";
                if (message.source != null && $Object.hasOwnProperty.call(message, "source"))
                    if (!$util.isString(message.source))
                        return "source: string expected";
                if (message.series != null && $Object.hasOwnProperty.call(message, "series")) {
                    if (!$Array.isArray(message.series))
                        return "series: array expected";
                    for (let i = 0; i < message.series.length; ++i) {
                        let error = $root.vesta.ingest.SeriesSamples.verify(message.series[i], _depth + 1);
                        if (error)
                            return "series." + error;
                    }
                }
                if (message.exemplars != null && $Object.hasOwnProperty.call(message, "exemplars")) {
                    if (!$Array.isArray(message.exemplars))
                        return "exemplars: array expected";
                    for (let i = 0; i < message.exemplars.length; ++i) {
                        let error = $root.vesta.ingest.Exemplar.verify(message.exemplars[i], _depth + 1);
                        if (error)
                            return "exemplars." + error;
                    }
                }
                if (message.metadata != null && $Object.hasOwnProperty.call(message, "metadata")) {
                    if (!$Array.isArray(message.metadata))
                        return "metadata: array expected";
                    for (let i = 0; i < message.metadata.length; ++i) {
                        let error = $root.vesta.ingest.Metadata.verify(message.metadata[i], _depth + 1);
                        if (error)
                            return "metadata." + error;
                    }
                }
                return null;
            };

            /**
             * Gets the type url for IngestBatch
             * @function getTypeUrl
             * @memberof vesta.ingest.IngestBatch
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            IngestBatch.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/vesta.ingest.IngestBatch";
            };

            return IngestBatch;
        })();

        return ingest;
    })();

    vesta.scrape = (function() {

        /**
         * Namespace scrape.
         * @memberof vesta
         * @namespace
         */
        const scrape = {};

        scrape.ScrapeReport = (function() {

            /**
             * Properties of a ScrapeReport.
             * @typedef {Object} vesta.scrape.ScrapeReport.$Properties
             * @property {string|null} [scrapePool] ScrapeReport scrapePool
             * @property {string|null} [targetKey] ScrapeReport targetKey
             * @property {string|null} [scrapeUrl] ScrapeReport scrapeUrl
             * @property {number|Long|null} [startMs] ScrapeReport startMs
             * @property {number|null} [durationSeconds] ScrapeReport durationSeconds
             * @property {boolean|null} [up] ScrapeReport up
             * @property {string|null} [error] ScrapeReport error
             * @property {number|Long|null} [samplesScraped] ScrapeReport samplesScraped
             * @property {number|Long|null} [samplesPostMetricRelabeling] ScrapeReport samplesPostMetricRelabeling
             * @property {number|Long|null} [seriesAdded] ScrapeReport seriesAdded
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a ScrapeReport.
             * @memberof vesta.scrape
             * @interface IScrapeReport
             * @augments vesta.scrape.ScrapeReport.$Properties
             * @deprecated Use vesta.scrape.ScrapeReport.$Properties instead.
             */

            /**
             * Shape of a ScrapeReport.
             * @typedef {vesta.scrape.ScrapeReport.$Properties} vesta.scrape.ScrapeReport.$Shape
             */

            /**
             * Constructs a new ScrapeReport.
             * @memberof vesta.scrape
             * @classdesc Represents a ScrapeReport.
             * @constructor
             * @param {vesta.scrape.ScrapeReport.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const ScrapeReport = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * ScrapeReport scrapePool.
             * @member {string} scrapePool
             * @memberof vesta.scrape.ScrapeReport
             * @instance
             */
            ScrapeReport.prototype.scrapePool = "";

            /**
             * ScrapeReport targetKey.
             * @member {string} targetKey
             * @memberof vesta.scrape.ScrapeReport
             * @instance
             */
            ScrapeReport.prototype.targetKey = "";

            /**
             * ScrapeReport scrapeUrl.
             * @member {string} scrapeUrl
             * @memberof vesta.scrape.ScrapeReport
             * @instance
             */
            ScrapeReport.prototype.scrapeUrl = "";

            /**
             * ScrapeReport startMs.
             * @member {number|Long} startMs
             * @memberof vesta.scrape.ScrapeReport
             * @instance
             */
            ScrapeReport.prototype.startMs = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * ScrapeReport durationSeconds.
             * @member {number} durationSeconds
             * @memberof vesta.scrape.ScrapeReport
             * @instance
             */
            ScrapeReport.prototype.durationSeconds = 0;

            /**
             * ScrapeReport up.
             * @member {boolean} up
             * @memberof vesta.scrape.ScrapeReport
             * @instance
             */
            ScrapeReport.prototype.up = false;

            /**
             * ScrapeReport error.
             * @member {string} error
             * @memberof vesta.scrape.ScrapeReport
             * @instance
             */
            ScrapeReport.prototype.error = "";

            /**
             * ScrapeReport samplesScraped.
             * @member {number|Long} samplesScraped
             * @memberof vesta.scrape.ScrapeReport
             * @instance
             */
            ScrapeReport.prototype.samplesScraped = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * ScrapeReport samplesPostMetricRelabeling.
             * @member {number|Long} samplesPostMetricRelabeling
             * @memberof vesta.scrape.ScrapeReport
             * @instance
             */
            ScrapeReport.prototype.samplesPostMetricRelabeling = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * ScrapeReport seriesAdded.
             * @member {number|Long} seriesAdded
             * @memberof vesta.scrape.ScrapeReport
             * @instance
             */
            ScrapeReport.prototype.seriesAdded = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Creates a new ScrapeReport instance using the specified properties.
             * @function create
             * @memberof vesta.scrape.ScrapeReport
             * @static
             * @param {vesta.scrape.ScrapeReport.$Properties=} [properties] Properties to set
             * @returns {vesta.scrape.ScrapeReport} ScrapeReport instance
             * @type {{
             *   (properties: vesta.scrape.ScrapeReport.$Shape): vesta.scrape.ScrapeReport & vesta.scrape.ScrapeReport.$Shape;
             *   (properties?: vesta.scrape.ScrapeReport.$Properties): vesta.scrape.ScrapeReport;
             * }}
             */
            ScrapeReport.create = function(properties) {
                return new ScrapeReport(properties);
            };

            /**
             * Encodes the specified ScrapeReport message. Does not implicitly {@link vesta.scrape.ScrapeReport.verify|verify} messages.
             * @function encode
             * @memberof vesta.scrape.ScrapeReport
             * @static
             * @param {vesta.scrape.ScrapeReport.$Properties} message ScrapeReport message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ScrapeReport.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.scrapePool != null && $Object.hasOwnProperty.call(message, "scrapePool") && message.scrapePool !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.scrapePool);
                if (message.targetKey != null && $Object.hasOwnProperty.call(message, "targetKey") && message.targetKey !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.targetKey);
                if (message.scrapeUrl != null && $Object.hasOwnProperty.call(message, "scrapeUrl") && message.scrapeUrl !== "")
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.scrapeUrl);
                if (message.startMs != null && $Object.hasOwnProperty.call(message, "startMs") && (typeof message.startMs === "object" ? message.startMs.low || message.startMs.high : message.startMs !== 0))
                    writer.uint32(/* id 4, wireType 0 =*/32).int64(message.startMs);
                if (message.durationSeconds != null && $Object.hasOwnProperty.call(message, "durationSeconds") && !$Object.is(message.durationSeconds, 0))
                    writer.uint32(/* id 5, wireType 1 =*/41).double(message.durationSeconds);
                if (message.up != null && $Object.hasOwnProperty.call(message, "up") && message.up !== false)
                    writer.uint32(/* id 6, wireType 0 =*/48).bool(message.up);
                if (message.error != null && $Object.hasOwnProperty.call(message, "error") && message.error !== "")
                    writer.uint32(/* id 7, wireType 2 =*/58).string(message.error);
                if (message.samplesScraped != null && $Object.hasOwnProperty.call(message, "samplesScraped") && (typeof message.samplesScraped === "object" ? message.samplesScraped.low || message.samplesScraped.high : message.samplesScraped !== 0))
                    writer.uint32(/* id 8, wireType 0 =*/64).uint64(message.samplesScraped);
                if (message.samplesPostMetricRelabeling != null && $Object.hasOwnProperty.call(message, "samplesPostMetricRelabeling") && (typeof message.samplesPostMetricRelabeling === "object" ? message.samplesPostMetricRelabeling.low || message.samplesPostMetricRelabeling.high : message.samplesPostMetricRelabeling !== 0))
                    writer.uint32(/* id 9, wireType 0 =*/72).uint64(message.samplesPostMetricRelabeling);
                if (message.seriesAdded != null && $Object.hasOwnProperty.call(message, "seriesAdded") && (typeof message.seriesAdded === "object" ? message.seriesAdded.low || message.seriesAdded.high : message.seriesAdded !== 0))
                    writer.uint32(/* id 10, wireType 0 =*/80).uint64(message.seriesAdded);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a ScrapeReport message from the specified reader or buffer.
             * @function decode
             * @memberof vesta.scrape.ScrapeReport
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {vesta.scrape.ScrapeReport & vesta.scrape.ScrapeReport.$Shape} ScrapeReport
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ScrapeReport.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.vesta.scrape.ScrapeReport();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.scrapePool = value;
                            else
                                delete message.scrapePool;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.targetKey = value;
                            else
                                delete message.targetKey;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.scrapeUrl = value;
                            else
                                delete message.scrapeUrl;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.startMs = value;
                            else
                                delete message.startMs;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 1)
                                break;
                            if (!$Object.is(value = reader.double(), 0))
                                message.durationSeconds = value;
                            else
                                delete message.durationSeconds;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.bool())
                                message.up = value;
                            else
                                delete message.up;
                            continue;
                        }
                    case 7: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.error = value;
                            else
                                delete message.error;
                            continue;
                        }
                    case 8: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.samplesScraped = value;
                            else
                                delete message.samplesScraped;
                            continue;
                        }
                    case 9: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.samplesPostMetricRelabeling = value;
                            else
                                delete message.samplesPostMetricRelabeling;
                            continue;
                        }
                    case 10: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.seriesAdded = value;
                            else
                                delete message.seriesAdded;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Verifies a ScrapeReport message.
             * @function verify
             * @memberof vesta.scrape.ScrapeReport
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            ScrapeReport.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.scrapePool != null && $Object.hasOwnProperty.call(message, "scrapePool"))
                    if (!$util.isString(message.scrapePool))
                        return "scrapePool: string expected";
                if (message.targetKey != null && $Object.hasOwnProperty.call(message, "targetKey"))
                    if (!$util.isString(message.targetKey))
                        return "targetKey: string expected";
                if (message.scrapeUrl != null && $Object.hasOwnProperty.call(message, "scrapeUrl"))
                    if (!$util.isString(message.scrapeUrl))
                        return "scrapeUrl: string expected";
                if (message.startMs != null && $Object.hasOwnProperty.call(message, "startMs"))
                    if (!$util.isInteger(message.startMs) && !(message.startMs && $util.isInteger(message.startMs.low) && $util.isInteger(message.startMs.high)))
                        return "startMs: integer|Long expected";
                if (message.durationSeconds != null && $Object.hasOwnProperty.call(message, "durationSeconds"))
                    if (typeof message.durationSeconds !== "number")
                        return "durationSeconds: number expected";
                if (message.up != null && $Object.hasOwnProperty.call(message, "up"))
                    if (typeof message.up !== "boolean")
                        return "up: boolean expected";
                if (message.error != null && $Object.hasOwnProperty.call(message, "error"))
                    if (!$util.isString(message.error))
                        return "error: string expected";
                if (message.samplesScraped != null && $Object.hasOwnProperty.call(message, "samplesScraped"))
                    if (!$util.isInteger(message.samplesScraped) && !(message.samplesScraped && $util.isInteger(message.samplesScraped.low) && $util.isInteger(message.samplesScraped.high)))
                        return "samplesScraped: integer|Long expected";
                if (message.samplesPostMetricRelabeling != null && $Object.hasOwnProperty.call(message, "samplesPostMetricRelabeling"))
                    if (!$util.isInteger(message.samplesPostMetricRelabeling) && !(message.samplesPostMetricRelabeling && $util.isInteger(message.samplesPostMetricRelabeling.low) && $util.isInteger(message.samplesPostMetricRelabeling.high)))
                        return "samplesPostMetricRelabeling: integer|Long expected";
                if (message.seriesAdded != null && $Object.hasOwnProperty.call(message, "seriesAdded"))
                    if (!$util.isInteger(message.seriesAdded) && !(message.seriesAdded && $util.isInteger(message.seriesAdded.low) && $util.isInteger(message.seriesAdded.high)))
                        return "seriesAdded: integer|Long expected";
                return null;
            };

            /**
             * Gets the type url for ScrapeReport
             * @function getTypeUrl
             * @memberof vesta.scrape.ScrapeReport
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            ScrapeReport.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/vesta.scrape.ScrapeReport";
            };

            return ScrapeReport;
        })();

        return scrape;
    })();

    return vesta;
})();

export {
  $root as default
};
