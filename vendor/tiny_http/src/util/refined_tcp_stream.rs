use std::io::Result as IoResult;
use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use crate::connection::Connection;
#[cfg(any(feature = "ssl-openssl", feature = "ssl-rustls"))]
use crate::ssl::SslStream;
use crate::util::limits::Shared;

/// sitegen: a plain connection is one socket shared by the read and write halves. Upstream
/// gave each half its own duplicate (`try_clone`): two descriptors per connection, and a
/// panic of the accept thread when the duplicate hit the descriptor limit.
pub(crate) enum Stream {
    Http(Arc<Connection>),
    #[cfg(any(feature = "ssl-openssl", feature = "ssl-rustls"))]
    Https(SslStream),
}

impl Clone for Stream {
    fn clone(&self) -> Self {
        match self {
            Stream::Http(tcp_stream) => Stream::Http(tcp_stream.clone()),
            #[cfg(any(feature = "ssl-openssl", feature = "ssl-rustls"))]
            Stream::Https(ssl_stream) => Stream::Https(ssl_stream.clone()),
        }
    }
}

impl From<Connection> for Stream {
    fn from(tcp_stream: Connection) -> Self {
        Stream::Http(Arc::new(tcp_stream))
    }
}

impl Stream {
    fn secure(&self) -> bool {
        match self {
            Stream::Http(_) => false,
            #[cfg(any(feature = "ssl-openssl", feature = "ssl-rustls"))]
            Stream::Https(_) => true,
        }
    }

    fn peer_addr(&mut self) -> IoResult<Option<SocketAddr>> {
        match self {
            Stream::Http(tcp_stream) => tcp_stream.peer_addr(),
            #[cfg(any(feature = "ssl-openssl", feature = "ssl-rustls"))]
            Stream::Https(ssl_stream) => ssl_stream.peer_addr(),
        }
    }

    fn shutdown(&mut self, how: Shutdown) -> IoResult<()> {
        match self {
            Stream::Http(tcp_stream) => tcp_stream.shutdown(how),
            #[cfg(any(feature = "ssl-openssl", feature = "ssl-rustls"))]
            Stream::Https(ssl_stream) => ssl_stream.shutdown(how),
        }
    }

    /// sitegen: the socket's read or write timeout. TLS streams keep the one set at accept.
    fn set_timeout(&mut self, reading: bool, timeout: Duration) -> IoResult<()> {
        match self {
            Stream::Http(tcp_stream) if reading => tcp_stream.set_read_timeout(Some(timeout)),
            Stream::Http(tcp_stream) => tcp_stream.set_write_timeout(Some(timeout)),
            #[cfg(any(feature = "ssl-openssl", feature = "ssl-rustls"))]
            Stream::Https(_) => Ok(()),
        }
    }
}

impl Read for Stream {
    fn read(&mut self, buf: &mut [u8]) -> IoResult<usize> {
        match self {
            Stream::Http(tcp_stream) => (&**tcp_stream).read(buf),
            #[cfg(any(feature = "ssl-openssl", feature = "ssl-rustls"))]
            Stream::Https(ssl_stream) => ssl_stream.read(buf),
        }
    }
}

impl Write for Stream {
    fn write(&mut self, buf: &[u8]) -> IoResult<usize> {
        match self {
            Stream::Http(tcp_stream) => (&**tcp_stream).write(buf),
            #[cfg(any(feature = "ssl-openssl", feature = "ssl-rustls"))]
            Stream::Https(ssl_stream) => ssl_stream.write(buf),
        }
    }

    fn flush(&mut self) -> IoResult<()> {
        match self {
            Stream::Http(tcp_stream) => (&**tcp_stream).flush(),
            #[cfg(any(feature = "ssl-openssl", feature = "ssl-rustls"))]
            Stream::Https(ssl_stream) => ssl_stream.flush(),
        }
    }
}

pub struct RefinedTcpStream {
    stream: Stream,
    /// sitegen: the connection's slot and deadlines, shared with the other half.
    shared: Arc<Shared>,
    /// sitegen: the socket timeout this half last set for its direction.
    timeout: Option<Duration>,
    close_read: bool,
    close_write: bool,
}

impl RefinedTcpStream {
    /// The read and write halves of a connection.
    pub(crate) fn new<S>(stream: S, shared: Arc<Shared>) -> (RefinedTcpStream, RefinedTcpStream)
    where
        S: Into<Stream>,
    {
        let stream: Stream = stream.into();

        let (read, write) = (stream.clone(), stream);

        let read = RefinedTcpStream {
            stream: read,
            shared: shared.clone(),
            timeout: None,
            close_read: true,
            close_write: false,
        };

        let write = RefinedTcpStream {
            stream: write,
            shared,
            timeout: None,
            close_read: false,
            close_write: true,
        };

        (read, write)
    }

    /// Returns true if this struct wraps around a secure connection.
    #[inline]
    pub(crate) fn secure(&self) -> bool {
        self.stream.secure()
    }

    pub(crate) fn peer_addr(&mut self) -> IoResult<Option<SocketAddr>> {
        self.stream.peer_addr()
    }

    /// sitegen: what the two halves share.
    pub(crate) fn shared(&self) -> Arc<Shared> {
        self.shared.clone()
    }

    /// sitegen: sets the socket timeout of this half's direction to what is left of its
    /// deadline (only when it changed: it is a system call).
    fn apply(&mut self, reading: bool, timeout: Duration) -> IoResult<()> {
        if self.timeout != Some(timeout) {
            self.stream.set_timeout(reading, timeout)?;
            self.timeout = Some(timeout);
        }
        Ok(())
    }
}

impl Drop for RefinedTcpStream {
    fn drop(&mut self) {
        if self.close_read {
            self.stream.shutdown(Shutdown::Read).ok();
        }

        if self.close_write {
            self.stream.shutdown(Shutdown::Write).ok();
        }
    }
}

impl Read for RefinedTcpStream {
    fn read(&mut self, buf: &mut [u8]) -> IoResult<usize> {
        let timeout = self.shared.read_timeout()?;
        self.apply(true, timeout)?;
        self.stream.read(buf)
    }
}

impl Write for RefinedTcpStream {
    /// sitegen: an answer that misses its deadline (or a write that times out) closes the
    /// connection, so the client that stopped reading lets go of the connection's thread too.
    fn write(&mut self, buf: &[u8]) -> IoResult<usize> {
        let result = self
            .shared
            .write_timeout()
            .and_then(|timeout| self.apply(false, timeout))
            .and_then(|()| self.stream.write(buf));
        match result {
            Ok(n) => {
                self.shared.wrote(n);
                Ok(n)
            }
            Err(e) => {
                if matches!(e.kind(), ErrorKind::TimedOut | ErrorKind::WouldBlock) {
                    self.stream.shutdown(Shutdown::Both).ok();
                }
                Err(e)
            }
        }
    }

    fn flush(&mut self) -> IoResult<()> {
        self.stream.flush()
    }
}
