from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class InvoiceStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    INVOICE_STATUS_UNSPECIFIED: _ClassVar[InvoiceStatus]
    INVOICE_STATUS_DRAFT: _ClassVar[InvoiceStatus]
    INVOICE_STATUS_OPEN: _ClassVar[InvoiceStatus]
    INVOICE_STATUS_PAID: _ClassVar[InvoiceStatus]
    INVOICE_STATUS_VOID: _ClassVar[InvoiceStatus]
INVOICE_STATUS_UNSPECIFIED: InvoiceStatus
INVOICE_STATUS_DRAFT: InvoiceStatus
INVOICE_STATUS_OPEN: InvoiceStatus
INVOICE_STATUS_PAID: InvoiceStatus
INVOICE_STATUS_VOID: InvoiceStatus

class Invoice(_message.Message):
    __slots__ = ("user_id", "id", "account_id", "amount_minor", "currency", "status")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_MINOR_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    id: str
    account_id: str
    amount_minor: int
    currency: str
    status: InvoiceStatus
    def __init__(self, user_id: _Optional[str] = ..., id: _Optional[str] = ..., account_id: _Optional[str] = ..., amount_minor: _Optional[int] = ..., currency: _Optional[str] = ..., status: _Optional[_Union[InvoiceStatus, str]] = ...) -> None: ...

class ChargeRequest(_message.Message):
    __slots__ = ("user_id", "invoice_id", "account_id", "idempotency_key")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    INVOICE_ID_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    invoice_id: str
    account_id: str
    idempotency_key: str
    def __init__(self, user_id: _Optional[str] = ..., invoice_id: _Optional[str] = ..., account_id: _Optional[str] = ..., idempotency_key: _Optional[str] = ...) -> None: ...

class ChargeResult(_message.Message):
    __slots__ = ("charge_id", "account_id", "succeeded", "failure_reason")
    CHARGE_ID_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    SUCCEEDED_FIELD_NUMBER: _ClassVar[int]
    FAILURE_REASON_FIELD_NUMBER: _ClassVar[int]
    charge_id: str
    account_id: str
    succeeded: bool
    failure_reason: str
    def __init__(self, charge_id: _Optional[str] = ..., account_id: _Optional[str] = ..., succeeded: _Optional[bool] = ..., failure_reason: _Optional[str] = ...) -> None: ...

class UserBalanceRequest(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    def __init__(self, user_id: _Optional[str] = ...) -> None: ...

class Balance(_message.Message):
    __slots__ = ("account_id", "currency", "balance_minor")
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    BALANCE_MINOR_FIELD_NUMBER: _ClassVar[int]
    account_id: str
    currency: str
    balance_minor: int
    def __init__(self, account_id: _Optional[str] = ..., currency: _Optional[str] = ..., balance_minor: _Optional[int] = ...) -> None: ...

class ListInvoicesRequest(_message.Message):
    __slots__ = ("account_id", "page_size", "page_token")
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    account_id: str
    page_size: int
    page_token: str
    def __init__(self, account_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListInvoicesResponse(_message.Message):
    __slots__ = ("invoices", "next_page_token")
    INVOICES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    invoices: _containers.RepeatedCompositeFieldContainer[Invoice]
    next_page_token: str
    def __init__(self, invoices: _Optional[_Iterable[_Union[Invoice, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...
