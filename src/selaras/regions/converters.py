class RegionCodeConverter:
    regex = r"\d{2}(?:\.\d{1,4}){0,3}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
