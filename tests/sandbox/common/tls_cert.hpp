#pragma once
// A self-signed certificate for the sandbox's HTTPS listener, made at start so nothing secret
// is committed. Its names cover how clients address the emulated platforms: localhost,
// 127.0.0.1, *.myshopify.com and api.bigcommerce.com. Clients trust it by its PEM file.

#include <string>

namespace sandbox {

struct CertificatePem {
  std::string certificate;
  std::string private_key;
};

CertificatePem make_self_signed_certificate();

}  // namespace sandbox
