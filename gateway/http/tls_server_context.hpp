#pragma once
// The listener's TLS context from PEM files: the certificate chain and its private key,
// TLS 1.2 and later, with the key checked against the certificate. Built again on SIGHUP, so a
// renewed certificate takes effect without a restart.

#include <memory>
#include <string>

#include <boost/asio/ssl/context.hpp>

namespace cartgate::http {

/// Throws std::runtime_error naming the file when a file is unreadable or the key does not
/// match the certificate.
std::shared_ptr<boost::asio::ssl::context> make_tls_server_context(const std::string& cert_file,
                                                                   const std::string& key_file);

}  // namespace cartgate::http
