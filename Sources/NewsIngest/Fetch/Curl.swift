import CCurl

/// The one place a libcurl return code is looked at: every `CURLcode` and `CURLMcode` a call
/// returns goes through here, so no failure is silently dropped.
enum Curl {
    /// Throws the failure of an easy-interface call (`curl_easy_setopt`, `curl_easy_getinfo`).
    static func check(_ code: CURLcode, _ call: @autoclosure () -> String, url: String = "") throws {
        guard code != CURLE_OK else { return }
        throw FetchError.curl(code, url: url, message: "\(call()) failed: \(String(cString: curl_easy_strerror(code)))")
    }

    /// Throws the failure of a multi-interface call.
    static func check(_ code: CURLMcode, _ call: @autoclosure () -> String, url: String = "") throws {
        guard code != CURLM_OK else { return }
        throw FetchError(
            code: .network, url: url, detail: "\(call()) failed: \(String(cString: curl_multi_strerror(code)))")
    }

    /// A call on a tear-down path (removing a finished handle), where nothing can be done about
    /// a failure: libcurl fails these only for a handle that is not in the multi (a bug of ours),
    /// which a debug build stops at.
    static func tearDown(_ code: CURLMcode, _ call: @autoclosure () -> String) {
        assert(code == CURLM_OK, "\(call()) failed: \(String(cString: curl_multi_strerror(code)))")
    }
}
