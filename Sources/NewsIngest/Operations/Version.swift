/// The release `newsingest --version` prints and `make install` names.
public enum NewsIngestVersion {
    public static let current = "0.1.0"
}
