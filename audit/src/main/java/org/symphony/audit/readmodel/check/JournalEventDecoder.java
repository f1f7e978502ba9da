package org.symphony.audit.readmodel.check;

/** Turns a journal row's payload back into its event, as the journal itself would (Pekko serialization). */
@FunctionalInterface
public interface JournalEventDecoder {
  Object decode(byte[] payload, int serializerId, String manifest) throws Exception;
}
