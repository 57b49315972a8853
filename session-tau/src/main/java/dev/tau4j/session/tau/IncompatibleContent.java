package dev.tau4j.session.tau;

/** What an export does with an entry Tau could not load. */
public enum IncompatibleContent {
    /** Stop with {@link TauIncompatibleContentException} naming the entry (the default). */
    FAIL,
    /**
     * Write the entry in tau4j's storage-safe form (lone surrogates escaped), list it in
     * {@link TauExportReport#incompatible()} and go on. tau4j imports such a file exactly; Tau refuses it.
     */
    REPORT
}
