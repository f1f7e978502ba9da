package org.symphony.engine.serialization;

/** Marker for every message, event and state that crosses the wire or the journal; bound once to jackson-cbor. */
public interface CborSerializable {}
