"""Path converters for dated addresses; they keep the zero-padded text the URL had."""


class FourDigitYear:
    regex = "[0-9]{4}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return f"{int(value):04d}"


class TwoDigit:
    regex = "[0-9]{2}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return f"{int(value):02d}"
